package dev.mlxgguf.server.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The kernel-table hang-up detector on real loopback sockets (Linux). */
class ClientConnectionWatchTest {

    @Test
    void seesAClientHangUpWithinASecond() throws Exception {
        try (ClientConnectionWatch watches = new ClientConnectionWatch();
             ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
            try (Socket accepted = server.accept()) {
                ClientConnectionWatch.Watch w = watches.watch(accepted.getInetAddress(), accepted.getPort(),
                        accepted.getLocalPort());
                Thread.sleep(600); // lets time pass: two scans of the table must not report a live client
                assertThat(w.gone(), is(false));
                client.close();
                long deadline = System.nanoTime() + 1_000_000_000L;
                while (!w.gone() && System.nanoTime() < deadline) {
                    Thread.sleep(10); // a timing test: gone() is a flag that the watch's scans set, measured here
                }
                assertThat(w.gone(), is(true));
            }
        }
    }
}
