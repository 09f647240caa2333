package dev.mlxgguf.server.http;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices clients that hung up while their request waits or generates, without writing to them: the
 * kernel's TCP table ({@code /proc/net/tcp}, {@code /proc/net/tcp6}) shows a server-side connection
 * in CLOSE_WAIT (or gone) once the client closed it. Helidon does not expose its sockets to handlers,
 * and a non-streaming request cannot write anything before its answer is known; this works for both.
 *
 * <p>One daemon thread scans the table every {@link #INTERVAL} while watches exist. Where the table is
 * unavailable (not Linux) watches never report a hang-up; streams still notice on their next write.
 * Thread-safe.
 */
public final class ClientConnectionWatch implements AutoCloseable {

    /** Scan interval; a hang-up is seen within about this long. */
    public static final Duration INTERVAL = Duration.ofMillis(250);
    private static final System.Logger LOG = System.getLogger(ClientConnectionWatch.class.getName());
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String ESTABLISHED = "01";

    private final boolean available = Files.isReadable(TABLES.getFirst());
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("client-connection-watch").factory());

    public ClientConnectionWatch() {
        if (available) {
            scanner.scheduleWithFixedDelay(this::scan, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts watching one client connection.
     *
     * @param remote     client address (null if unknown: the watch never reports a hang-up)
     * @param remotePort client port
     * @param localPort  server port of the connection
     * @return the watch; close it when the request ends
     */
    public Watch watch(InetAddress remote, int remotePort, int localPort) {
        Watch w = new Watch(remote, remotePort, localPort);
        if (available && remote != null) {
            watches.add(w);
        }
        return w;
    }

    @Override
    public void close() {
        scanner.shutdownNow();
    }

    private void scan() {
        if (watches.isEmpty()) {
            return;
        }
        Map<String, String> states = new HashMap<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    Connection c = Connection.parse(line);
                    if (c != null) {
                        states.merge(c.key(), c.state(), (a, b) -> ESTABLISHED.equals(a) ? a : b);
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "cannot read " + table + ": " + e);
            }
        }
        for (Watch w : watches) {
            String state = states.get(w.key);
            if (!ESTABLISHED.equals(state)) {
                w.gone = true;
                watches.remove(w);
            }
        }
    }

    /** One watched connection. */
    public final class Watch implements AutoCloseable {
        private final String key;
        private volatile boolean gone;

        private Watch(InetAddress remote, int remotePort, int localPort) {
            this.key = remote == null ? "" : Connection.key(remote, remotePort, localPort);
        }

        /** {@return true once the client closed the connection} */
        public boolean gone() {
            return gone;
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }

    /** One row of the kernel TCP table. */
    private record Connection(String key, String state) {

        static Connection parse(String line) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].endsWith(":") || !f[1].contains(":")) {
                return null;
            }
            int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            String rem = f[2];
            InetAddress remote = address(rem.substring(0, rem.indexOf(':')));
            int remotePort = Integer.parseInt(rem.substring(rem.indexOf(':') + 1), 16);
            return remote == null ? null : new Connection(key(remote, remotePort, localPort), f[3]);
        }

        static String key(InetAddress remote, int remotePort, int localPort) {
            byte[] a = remote.getAddress();
            if (a.length == 16 && isMappedV4(a)) {
                a = new byte[] {a[12], a[13], a[14], a[15]};
            }
            StringBuilder sb = new StringBuilder();
            for (byte b : a) {
                sb.append(b & 0xff).append('.');
            }
            return sb.append(remotePort).append('>').append(localPort).toString();
        }

        /** Kernel hex: IPv4 as one little-endian word, IPv6 as four little-endian words. */
        private static InetAddress address(String hex) {
            byte[] out = new byte[hex.length() / 2];
            for (int word = 0; word < out.length / 4; word++) {
                for (int i = 0; i < 4; i++) {
                    int at = word * 8 + (3 - i) * 2;
                    out[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
                }
            }
            try {
                return InetAddress.getByAddress(out);
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static boolean isMappedV4(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
        }
    }
}
