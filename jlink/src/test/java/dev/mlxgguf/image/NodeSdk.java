package dev.mlxgguf.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Node SDKs (pinned in {@code src/test/node/package.json}), installed with npm into
 * {@code target/node-sdk} once per build and run as real clients of the image's server.
 */
final class NodeSdk {

    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path DIR = Path.of("target/node-sdk");

    private NodeSdk() {
    }

    /** Installs the pinned packages (npm, cached in target). */
    static synchronized void install() {
        try {
            Files.createDirectories(DIR);
            try (var files = Files.list(SOURCE)) {
                for (Path f : files.toList()) {
                    Files.copy(f, DIR.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            if (!Files.isDirectory(DIR.resolve("node_modules/openai"))) {
                run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 300);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a script of {@code src/test/node}.
     *
     * @param script the file name
     * @param args   its arguments
     * @return its standard output
     */
    static String node(String script, String... args) {
        List<String> argv = new ArrayList<>(List.of("node", script));
        argv.addAll(List.of(args));
        return run(argv, 300);
    }

    private static String run(List<String> argv, int seconds) {
        try {
            Process p = new ProcessBuilder(argv).directory(DIR.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(argv + " did not finish in " + seconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(argv + " exited with " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
