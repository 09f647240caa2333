package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** HTTPS with --tls-cert/--tls-key: a self-signed certificate made by the JDK's keytool, written as PEM files. */
class TlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static TestServer server;
    static HttpClient client;
    static Path cert;
    static Path key;
    static SSLContext sslContext;

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertThat(keytool.waitFor(), is(0));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        Key privateKey = ks.getKey("server", PASSWORD);
        Certificate certificate = ks.getCertificate("server");
        cert = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        key = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", privateKey.getEncoded()));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        client = HttpClient.newBuilder().sslContext(ssl).build();
        sslContext = ssl;

        server = TestServer.start(dir, b -> b.tls(Optional.of(new TlsFiles(cert, key))));
        server.fakeModel("m.gguf", "text=over tls\n");
        server.fakeModel("slow.gguf", "token_delay_ms=20\ncontext_length=4096\n");
        HttpResponse<String> load = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.server().port()
                + "/v1/internal/model/load")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"llm_model_name\": \"m.gguf\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(load.body(), load.statusCode(), is(200));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void servesHttpsOnly() throws Exception {
        String base = "https://localhost:" + server.server().port();
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode(), is(200));
        HttpResponse<String> chat = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}],"
                        + " \"max_tokens\": 3}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chat.body(), chat.statusCode(), is(200));
        assertThat(chat.body(), containsString("over"));
        HttpClient plain = HttpClient.newHttpClient();
        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.server().port() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aHangUpOverTlsCancelsTheRequest() throws Exception {
        HttpResponse<String> load = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.server().port()
                + "/v1/internal/model/load")).header("Content-Type", "application/json").header("X-Model-Id", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"llm_model_name\": \"slow.gguf\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(load.body(), load.statusCode(), is(200));
        String body = "{\"prompt\": \"x\", \"max_tokens\": 1000}"; // 20 s of tokens unless cancelled
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) sslContext.getSocketFactory()
                .createSocket("localhost", server.server().port())) {
            s.getOutputStream().write(("POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nX-Model-Id: 1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            server.awaitQueue("1", q -> !q.snapshot().isEmpty(), "the request running");
        }
        long closed = System.nanoTime();
        server.awaitQueue("1", q -> q.snapshot().isEmpty(), "the hung-up request cancelled");
        assertThat((System.nanoTime() - closed) / 1_000_000 < 3000, is(true));
    }

    @Test
    void aFileWithoutAKeyIsRefusedNamingTheOption() throws IOException {
        Path notAKey = Files.writeString(dir.resolve("bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TlsFiles(cert, notAKey).tls());
        assertThat(e.getMessage(), containsString("--tls"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new TlsFiles(dir.resolve("none.pem"), key).tls());
        assertThat(missing.getMessage(), containsString("--tls-cert"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
