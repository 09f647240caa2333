package dev.mlxgguf.ggml;

import com.sun.jna.Memory;

import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

class GgmlLogBridgeTest {

    @Test
    void assemblesLinesAndMapsLevels() {
        CapturingLogger logger = new CapturingLogger();
        GgmlLogBridge bridge = new GgmlLogBridge(logger);
        bridge.invoke(2, text("loading model\n"), null);
        bridge.invoke(3, text("tensor "), null);
        bridge.invoke(5, text("42 "), null);
        bridge.invoke(5, text("is odd\n"), null);
        bridge.invoke(1, text("partial"), null);
        bridge.invoke(4, text("failed: ünïcode\n"), null);
        bridge.invoke(2, null, null);
        bridge.invoke(3, text("\n"), null);
        assertThat(logger.lines, contains("DEBUG loading model", "WARNING tensor 42 is odd", "DEBUG partial",
                "ERROR failed: ünïcode"));
    }

    private static Memory text(String s) {
        return CStrings.memory(s);
    }

    private static final class CapturingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "capture";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + format);
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier) {
            lines.add(level + " " + msgSupplier.get());
        }
    }
}
