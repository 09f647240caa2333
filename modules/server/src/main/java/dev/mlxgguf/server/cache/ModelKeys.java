package dev.mlxgguf.server.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The identity of a loaded model for the prompt cache: a SHA-256 over the names, sizes and modification
 * times of its files (and of its adapter's). A state is only ever reused for the same key, so a changed
 * file or another adapter never sees another's cache. Stateless and thread-safe.
 */
public final class ModelKeys {

    private ModelKeys() {
    }

    /**
     * Computes a key.
     *
     * @param model   the model file or folder
     * @param adapter the adapter file or folder, if any
     * @return 64 hex digits
     */
    public static String of(Path model, Optional<Path> adapter) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            describe(sha, "model", model);
            if (adapter.isPresent()) {
                describe(sha, "adapter", adapter.get());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void describe(MessageDigest sha, String role, Path p) {
        List<Path> files;
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            } catch (IOException e) {
                files = List.of();
            }
        } else {
            files = List.of(p);
        }
        sha.update((role + ":" + p.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Path f : files) {
            try {
                String line = f.getFileName() + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis() + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                sha.update((f.getFileName() + "|?\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
