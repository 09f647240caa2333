package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** API key, DNS-rebinding Host check, CORS and body limits. */
class RequestGuardTest {

    @TempDir
    Path dir;

    /** Every route of the server, for the "no route without an auth decision" check. */
    static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/v1/internal/model/list"}, new String[] {"GET", "/v1/internal/model/info/x.gguf"},
            new String[] {"GET", "/v1/internal/adapter/list"}, new String[] {"POST", "/v1/internal/model/load"},
            new String[] {"POST", "/v1/internal/model/unload"}, new String[] {"GET", "/management/processes"},
            new String[] {"POST", "/management/process/clean-up"}, new String[] {"POST", "/v1/completions"},
            new String[] {"POST", "/v1/chat/completions"}, new String[] {"GET", "/v1/models"},
            new String[] {"GET", "/v1/models/x"}, new String[] {"POST", "/v1/internal/token-count"},
            new String[] {"POST", "/v1/responses/input_tokens"}, new String[] {"POST", "/responses/input_tokens"},
            new String[] {"POST", "/apply-template"}, new String[] {"POST", "/v1/internal/apply-template"},
            new String[] {"GET", "/no/such/route"});

    @Test
    void everyRouteButHealthNeedsTheApiKey() {
        try (TestServer s = TestServer.start(dir, b -> b.apiKey(Optional.of("s3cret")))) {
            for (String[] r : ROUTES) {
                HttpReply reply = s.http().send(r[0], r[1], r[0].equals("POST") ? "{}" : null);
                assertThat(r[1], reply.status(), is(401));
                assertThat(TestServer.json(reply.body()).getJsonObject("error").getString("code"), is("invalid_api_key"));
                assertThat(reply.header("WWW-Authenticate").orElse(""), is("Bearer"));
                HttpReply wrong = s.http().send(r[0], r[1], r[0].equals("POST") ? "{}" : null, "Authorization", "Bearer s3cret!");
                assertThat(r[1], wrong.status(), is(401));
                HttpReply right = s.http().send(r[0], r[1], r[0].equals("POST") ? "{}" : null, "Authorization", "Bearer s3cret");
                assertThat(r[1], right.status() != 401, is(true));
            }
            assertThat(s.get("/health").status(), is(200));
        }
    }

    @Test
    void theAdministrationKeyAloneReachesTheAdministrationRoutes() {
        try (TestServer s = TestServer.start(dir, b -> b.apiKey(Optional.of("user")).adminApiKey(Optional.of("root")))) {
            s.fakeModel("g.gguf", "");
            List<String[]> admin = List.of(new String[] {"POST", "/v1/internal/model/load"},
                    new String[] {"POST", "/v1/internal/model/unload"}, new String[] {"GET", "/management/processes"},
                    new String[] {"POST", "/management/process/clean-up"}, new String[] {"POST", "/management/process/restart"},
                    new String[] {"GET", "/v1/internal/model/kv_cache/export/x"},
                    new String[] {"POST", "/v1/internal/model/kv_cache/import"});
            for (String[] r : admin) {
                String body = r[0].equals("POST") ? "{}" : null;
                HttpReply user = s.http().send(r[0], r[1], body, "Authorization", "Bearer user");
                assertThat(r[1], user.status(), is(403));
                assertThat(TestServer.json(user.body()).getJsonObject("error").getString("code"), is("admin_key_required"));
                assertThat(r[1], s.http().send(r[0], r[1], body).status(), is(401));
                assertThat(r[1], s.http().send(r[0], r[1], body, "Authorization", "Bearer root").status(),
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.anyOf(is(401), is(403))));
            }
            assertThat(s.http().send("POST", "/v1/internal/model/load", "{\"llm_model_name\": \"g.gguf\"}",
                    "Authorization", "Bearer root").status(), is(200));
            String completion = "{\"prompt\": \"x\", \"max_tokens\": 1}";
            assertThat(s.http().send("POST", "/v1/completions", completion, "Authorization", "Bearer user").status(), is(200));
            assertThat(s.http().send("POST", "/v1/completions", completion, "Authorization", "Bearer root").status(), is(200));
            assertThat(s.http().send("POST", "/v1/completions", completion).status(), is(401));
            assertThat(s.get("/health").status(), is(200));
        }
    }

    @Test
    void foreignHostHeadersAreRefusedOnLoopback() throws IOException {
        try (TestServer s = TestServer.start(dir, 4)) {
            int port = s.server().port();
            assertThat(rawStatus(port, "attacker.example"), is(403));
            assertThat(rawStatus(port, "attacker.example:" + port), is(403));
            assertThat(rawStatus(port, "192.168.1.10:" + port), is(403));
            assertThat(rawStatus(port, "localhost:" + port), is(200));
            assertThat(rawStatus(port, "127.0.0.1:" + port), is(200));
            assertThat(rawStatus(port, "[::1]:" + port), is(200));
        }
    }

    @Test
    void corsOnlyForConfiguredOrigins() {
        try (TestServer closed = TestServer.start(dir, 4)) {
            HttpReply r = closed.get("/v1/models", "Origin", "https://evil.example");
            assertThat(r.header("Access-Control-Allow-Origin").isPresent(), is(false));
            HttpReply preflight = closed.http().send("OPTIONS", "/v1/models", null, "Origin", "https://evil.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.status(), is(403));
        }
        try (TestServer open = TestServer.start(dir, b -> b.corsOrigins(List.of("https://app.example")))) {
            HttpReply ok = open.get("/v1/models", "Origin", "https://app.example");
            assertThat(ok.header("Access-Control-Allow-Origin").orElse(""), is("https://app.example"));
            assertThat(open.get("/v1/models", "Origin", "https://evil.example").header("Access-Control-Allow-Origin")
                    .isPresent(), is(false));
            HttpReply preflight = open.http().send("OPTIONS", "/v1/chat/completions", null, "Origin", "https://app.example",
                    "Access-Control-Request-Method", "POST");
            assertThat(preflight.status(), is(204));
            assertThat(preflight.header("Access-Control-Allow-Headers").orElse(""), containsString("Authorization"));
        }
    }

    @Test
    void oversizedAndWrongTypeBodiesAreRefused() {
        try (TestServer s = TestServer.start(dir, b -> b.maxBodyBytes(1024))) {
            String big = "{\"prompt\": \"" + "x".repeat(4000) + "\"}";
            HttpReply r = s.post("/v1/completions", big);
            assertThat(r.status(), is(413));
            assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("payload_too_large"));
            HttpReply form = s.http().send("POST", "/v1/completions", null, "Content-Type", "multipart/form-data; boundary=x");
            assertThat(form.status(), is(415));
            assertThat(s.get("/health").status(), is(200));
        }
    }

    private static int rawStatus(int port, String host) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET /v1/models HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status, startsWith("HTTP/1.1 "));
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
