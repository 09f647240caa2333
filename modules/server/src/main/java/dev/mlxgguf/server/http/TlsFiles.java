package dev.mlxgguf.server.http;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The server's TLS identity from PEM files ({@code --tls-cert}, {@code --tls-key}).
 *
 * @param cert the certificate chain, PEM, the server's own certificate first
 * @param key  its private key, PEM (PKCS#8 or PKCS#1, not encrypted)
 */
public record TlsFiles(Path cert, Path key) {

    /** Checks that both files are given. */
    public TlsFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /**
     * Reads both files into Helidon's TLS settings.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the option whose file is missing or holds no usable key or certificate
     */
    public Tls tls() {
        for (Path p : List.of(cert, key)) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException((p == cert ? "--tls-cert" : "--tls-key") + ": cannot read " + p);
            }
        }
        Keys keys;
        try {
            keys = Keys.builder().pem(pem -> pem.key(Resource.create(key)).certChain(Resource.create(cert))).build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--tls-cert/--tls-key: not a PEM certificate chain and private key ("
                    + e.getMessage() + ")", e);
        }
        PrivateKey privateKey = keys.privateKey().orElseThrow(
                () -> new IllegalArgumentException("--tls-key: no private key in " + key));
        List<X509Certificate> chain = keys.certChain();
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("--tls-cert: no certificate in " + cert);
        }
        return Tls.builder().privateKey(privateKey).privateKeyCertChain(chain).build();
    }
}
