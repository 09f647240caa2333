package dev.mlxgguf.host;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * Ends the host process when the process that started it is gone. Runs on one daemon thread.
 */
final class ParentWatch {

    private static final System.Logger LOG = System.getLogger(ParentWatch.class.getName());

    private ParentWatch() {
    }

    /**
     * Starts watching.
     *
     * @param parentPid the parent's pid at start-up; negative disables the watch
     */
    static void start(long parentPid) {
        if (parentPid < 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> parent = ProcessHandle.current().parent();
                if (parent.isEmpty() || parent.get().pid() != parentPid || !parent.get().isAlive()) {
                    LOG.log(Level.WARNING, "parent process " + parentPid + " is gone; exiting");
                    Runtime.getRuntime().halt(3);
                }
            }
        });
    }
}
