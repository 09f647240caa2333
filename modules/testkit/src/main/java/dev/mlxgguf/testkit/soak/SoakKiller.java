package dev.mlxgguf.testkit.soak;

import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.TestHttp;

import jakarta.json.JsonValue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** SIGKILLs a random live host every 15 to 30 s, as the OOM killer would. */
final class SoakKiller {

    private final TestHttp http;
    private final Random random;
    private int kills;

    SoakKiller(TestHttp http, long seed) {
        this.http = http;
        this.random = new Random(seed);
    }

    void runUntil(long endNanos) {
        while (System.nanoTime() < endNanos) {
            try {
                TimeUnit.SECONDS.sleep(15 + random.nextInt(16)); // the killer's pace
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() >= endNanos) {
                return;
            }
            try {
                HttpReply r = http.get("/management/processes");
                List<Long> pids = Jsonp.parseObject(r.body())
                        .getJsonArray("processes").stream().map(JsonValue::asJsonObject)
                        .map(p -> p.getJsonNumber("process_id").longValue()).filter(pid -> pid > 0).toList();
                if (!pids.isEmpty()) {
                    long pid = pids.get(random.nextInt(pids.size()));
                    if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                        kills++;
                    }
                }
            } catch (RuntimeException e) {
                System.err.println("killer: " + e);
            }
        }
    }

    int kills() {
        return kills;
    }
}
