package dev.mlxgguf.server;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandLineTest {

    private static ServerConfig parse(String... args) {
        return CommandLine.parse(List.of(args), Map.<String, String>of()::get);
    }

    @Test
    void defaultsAreTheOriginals() {
        ServerConfig c = parse();
        assertThat(c.address(), is("127.0.0.1"));
        assertThat(c.port(), is(4000));
        assertThat(c.modelsDir(), is(Path.of("models")));
        assertThat(c.adaptersDir(), is(Path.of("adapters")));
        assertThat(c.maxKvCacheBytes(), is(10L << 30));
        assertThat(c.maxBodyBytes(), is(32L << 20));
        assertThat(c.ctxSize(), is(0));
        assertThat(c.kvBudgetBytes(), is(1L << 30));
        assertThat(c.apiKey(), is(Optional.empty()));
    }

    @Test
    void everyFlagParsesInBothForms() {
        ServerConfig c = parse("-a", "0.0.0.0", "--port=4100", "--models-dir", "/m", "--adapters-dir=/a", "--log-level",
                "DEBUG", "--queue-size", "9", "--threads", "3", "--whisper-model", "w.bin", "--enable-whisper", "--max-memory-gb", "1.5",
                "--enable-auto-load", "--max-kv-size=2", "--api-key", "k", "--cors-origins", "https://a, https://b",
                "--max-body-mb", "2", "--ctx-size", "8192", "--kv-budget-gb=0.5");
        assertThat(c.address(), is("0.0.0.0"));
        assertThat(c.port(), is(4100));
        assertThat(c.modelsDir(), is(Path.of("/m")));
        assertThat(c.adaptersDir(), is(Path.of("/a")));
        assertThat(c.logLevel(), is("debug"));
        assertThat(c.queueCapacity(), is(9));
        assertThat(c.threads(), is(3));
        assertThat(c.whisperModel(), is(Optional.of(Path.of("w.bin"))));
        assertThat(c.maxMemoryBytes(), is((long) (1.5 * (1L << 30))));
        assertThat(c.autoLoad(), is(true));
        assertThat(c.maxKvCacheBytes(), is(2L << 30));
        assertThat(c.apiKey(), is(Optional.of("k")));
        assertThat(c.corsOrigins(), is(List.of("https://a", "https://b")));
        assertThat(c.maxBodyBytes(), is(2L << 20));
        assertThat(c.ctxSize(), is(8192));
        assertThat(c.kvBudgetBytes(), is(1L << 29));
        assertThat(parse("--ctx-size", "auto", "--port", "1").ctxSize(), is(0));
        assertThat(parse("--ctx-size=auto").ctxSize(), is(0));
        assertThat(parse().clientTimeouts(), is(dev.mlxgguf.server.http.ClientTimeouts.defaults()));
        assertThat(parse("--header-timeout", "2.5", "--body-timeout=7", "--idle-timeout", "90", "--write-timeout", "4")
                .clientTimeouts(), is(new dev.mlxgguf.server.http.ClientTimeouts(java.time.Duration.ofMillis(2500),
                        java.time.Duration.ofSeconds(7), java.time.Duration.ofSeconds(90), java.time.Duration.ofSeconds(4))));
        assertThrows(IllegalArgumentException.class, () -> parse("--idle-timeout", "0"));
        assertThat(parse("--tls-cert", "c.pem", "--tls-key=k.pem").tls(),
                is(Optional.of(new dev.mlxgguf.server.http.TlsFiles(Path.of("c.pem"), Path.of("k.pem")))));
        assertThat(parse().tls(), is(Optional.empty()));
        assertThat(parse().kvCacheType(), is(dev.mlxgguf.api.KvCacheType.F16));
        assertThat(parse("--kv-cache-type", "Q4_0").kvCacheType(), is(dev.mlxgguf.api.KvCacheType.Q4_0));
        assertThrows(IllegalArgumentException.class, () -> parse("--kv-cache-type", "q5"));
        assertThrows(IllegalArgumentException.class, () -> parse("--tls-cert", "c.pem"));
    }

    @Test
    void keysMayComeFromFilesAndTheAdministrationKeyFromTheEnvironment(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path user = java.nio.file.Files.writeString(dir.resolve("user.key"), "  u-key \nignored\n");
        Path admin = java.nio.file.Files.writeString(dir.resolve("admin.key"), "a-key\n");
        ServerConfig c = parse("--api-key-file", user.toString(), "--admin-api-key-file=" + admin);
        assertThat(c.apiKey(), is(Optional.of("u-key")));
        assertThat(c.adminApiKey(), is(Optional.of("a-key")));
        assertThat(CommandLine.parse(List.of(), Map.of("MLXGGUF_ADMIN_API_KEY", "env-admin")::get).adminApiKey(),
                is(Optional.of("env-admin")));
        Path empty = java.nio.file.Files.writeString(dir.resolve("empty.key"), "\n");
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--api-key-file", empty.toString()))
                .getMessage(), containsString("holds no key"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--admin-api-key-file",
                dir.resolve("missing").toString())).getMessage(), containsString("--admin-api-key-file"));
    }

    @Test
    void theApiKeyMayComeFromTheEnvironment() {
        ServerConfig c = CommandLine.parse(List.of(), Map.of("MLXGGUF_API_KEY", "env-key")::get);
        assertThat(c.apiKey(), is(Optional.of("env-key")));
    }

    @Test
    void badInputNamesTheOption() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--port", "70000")).getMessage(),
                containsString("--port"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--bogus")).getMessage(),
                containsString("--bogus"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--models-dir")).getMessage(),
                containsString("needs a value"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--enable-auto-load")).getMessage(),
                containsString("--max-memory-gb"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--enable-whisper")).getMessage(),
                containsString("--whisper-model"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--log-level", "loud")).getMessage(),
                containsString("--log-level"));
        assertThat(assertThrows(IllegalArgumentException.class, () -> parse("--max-body-mb", "0")).getMessage(),
                containsString("--max-body-mb"));
    }
}
