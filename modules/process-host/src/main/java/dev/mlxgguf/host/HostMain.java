package dev.mlxgguf.host;

import dev.mlxgguf.host.protocol.FrameWriter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * Entry point of a host process: one model per process, frames on stdin/stdout.
 *
 * <p>The process exits when its stdin closes (so it never outlives the server), on a {@code Shutdown}
 * frame, and when its parent process disappears (checked every second, a second line of defence for
 * platforms where the pipe is inherited elsewhere).
 */
public final class HostMain {

    private HostMain() {
    }

    /**
     * Runs the host until stdin closes.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // Frames own the real stdout. Anything Java code prints goes to stderr (the log) instead.
        FileOutputStream frames = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        ParentWatch.start(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
        HostSession session = new HostSession(
                new DataInputStream(new BufferedInputStream(System.in, 1 << 16)),
                new FrameWriter(new BufferedOutputStream(frames, 1 << 16)));
        int code = session.run();
        System.exit(code);
    }
}
