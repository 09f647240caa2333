package dev.mlxgguf.server.http;

import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.UnavailableException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a host call on the request's thread, turning its failure back into the {@link LlmException} it carries. */
public final class Futures {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private Futures() {
    }

    public static <T> T await(CompletableFuture<T> f) throws InterruptedException {
        try {
            return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LlmException le) {
                throw le;
            }
            throw new EngineFailureException("host call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new UnavailableException("the model did not answer within " + TIMEOUT.toMinutes() + " minutes");
        }
    }
}
