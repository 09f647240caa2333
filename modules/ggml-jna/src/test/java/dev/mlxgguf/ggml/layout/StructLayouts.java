package dev.mlxgguf.ggml.layout;

import com.sun.jna.Structure;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Checks JNA structure layouts against sizes and offsets measured with the C compiler (engine tests). */
public final class StructLayouts {

    private StructLayouts() {
    }

    /**
     * Checks a layout.
     *
     * @param s          the structure
     * @param size       its C {@code sizeof}
     * @param offsets    C {@code offsetof} per field, as {@code "field=offset field=offset ..."}
     * @param allFields  whether {@code offsets} must name every field of the structure
     */
    public static void check(Structure s, int size, String offsets, boolean allFields) {
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String entry : offsets.trim().split("\\s+")) {
            String[] kv = entry.split("=");
            expected.put(kv[0], Integer.parseInt(kv[1]));
        }
        check(s, size, expected, allFields);
    }

    private static void check(Structure s, int size, Map<String, Integer> offsets, boolean allFields) {
        String name = s.getClass().getSimpleName();
        assertThat(name + " size", s.size(), is(size));
        if (allFields) {
            assertThat(name + " field count", ((java.util.List<?>) invoke(s, "getFieldOrder")).size(), is(offsets.size()));
        }
        offsets.forEach((field, offset) -> assertThat(name + "." + field, (int) invoke(s, "fieldOffset", field), is(offset)));
    }

    /** Reaches JNA's protected {@code fieldOffset} and {@code getFieldOrder}. */
    private static Object invoke(Structure s, String method, String... args) {
        try {
            var m = args.length == 0 ? Structure.class.getDeclaredMethod(method)
                    : Structure.class.getDeclaredMethod(method, String.class);
            m.setAccessible(true);
            return m.invoke(s, (Object[]) args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
