package dev.mlxgguf.host.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Drains a host's stderr (so the child never blocks on a full pipe), forwards each line to the log
 * with the slot id, and keeps the last lines for crash reports. Runs on its own daemon thread.
 */
final class StderrForwarder implements Runnable {

    private static final System.Logger LOG = System.getLogger("dev.mlxgguf.host.child");
    private static final int KEEP = 20;
    private static final int MAX_LINE = 2000;
    /** Absolute paths never reach clients: keep only the last path element. */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/(?:[^\\s/:'\"]+/)+([^\\s/:'\"]+)");

    private final String slot;
    private final InputStream stream;
    private final ArrayDeque<String> last = new ArrayDeque<>();

    StderrForwarder(String slot, InputStream stream) {
        this.slot = slot;
        this.stream = stream;
    }

    @Override
    public void run() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.length() > MAX_LINE) {
                    line = line.substring(0, MAX_LINE) + "…";
                }
                forward(line);
                if (!line.isBlank() && !line.startsWith("WARNING: Using incubator modules")) {
                    synchronized (last) {
                        if (last.size() == KEEP) {
                            last.removeFirst();
                        }
                        last.addLast(line);
                    }
                }
            }
        } catch (IOException e) {
            // the child is gone
        }
    }

    /**
     * Logs a child line at the child's own level: host JVMs write {@code LEVEL logger: message}
     * (JUL names); anything else (native output, JVM warnings) is logged at INFO, the JVM's
     * incubator-module notice at DEBUG.
     */
    private void forward(String line) {
        int space = line.indexOf(' ');
        Level level = space > 0 ? julLevel(line.substring(0, space)) : null;
        if (level != null) {
            LOG.log(level, "[slot " + slot + "] " + line.substring(space + 1));
        } else if (line.startsWith("WARNING: Using incubator modules")) {
            LOG.log(Level.DEBUG, "[slot " + slot + "] " + line);
        } else {
            LOG.log(Level.INFO, "[slot " + slot + "] " + line);
        }
    }

    private static Level julLevel(String name) {
        return switch (name) {
            case "SEVERE" -> Level.ERROR;
            case "WARNING" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "CONFIG", "FINE" -> Level.DEBUG;
            case "FINER", "FINEST" -> Level.TRACE;
            default -> null;
        };
    }

    /** {@return the last non-blank line, with absolute paths reduced to file names} */
    Optional<String> lastLine() {
        synchronized (last) {
            return Optional.ofNullable(last.peekLast()).map(l -> ABSOLUTE_PATH.matcher(l).replaceAll("$1"));
        }
    }
}
