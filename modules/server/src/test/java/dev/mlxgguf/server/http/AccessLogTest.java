package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** One JSON access-log line per request, without prompt contents. */
class AccessLogTest {

    @TempDir
    Path dir;

    @Test
    void logsOneJsonLinePerRequestWithoutContents() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger access = Logger.getLogger("dev.mlxgguf.access");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        access.addHandler(capture);
        java.util.logging.Level before = access.getLevel();
        access.setLevel(java.util.logging.Level.INFO);
        try (TestServer s = TestServer.start(dir, 4)) {
            s.fakeModel("log.gguf", "text=out\n");
            s.load("3", "log.gguf");
            s.post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"TOP-SECRET-PROMPT\"}],"
                    + " \"max_tokens\": 2}", "X-Model-Id", "3");
            s.get("/v1/models");
        } finally {
            access.removeHandler(capture);
            access.setLevel(before);
        }
        JsonObject chat = lines.stream().map(TestServer::json)
                .filter(j -> j.getString("path").equals("/v1/chat/completions")).findFirst().orElseThrow();
        assertThat(chat.getString("method"), is("POST"));
        assertThat(chat.getInt("status"), is(200));
        assertThat(chat.getString("model"), is("log.gguf"));
        assertThat(chat.getString("slot"), is("3"));
        assertThat(chat.getString("ip"), is("127.0.0.1"));
        assertThat(chat.getJsonNumber("bytes").longValue(), greaterThan(100L));
        assertThat(chat.containsKey("duration_ms"), is(true));
        assertThat(chat.containsKey("time"), is(true));
        assertThat(String.join("\n", lines), not(containsString("TOP-SECRET-PROMPT")));
        assertThat(lines.stream().filter(l -> l.contains("\"/v1/models\"")).count(), is(1L));
    }
}
