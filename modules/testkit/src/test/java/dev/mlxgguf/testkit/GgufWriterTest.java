package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GgufWriterTest {

    @TempDir
    Path dir;

    @Test
    void everyValueTypeReadsBack() throws Exception {
        Path f = new GgufWriter()
                .putUInt8("u8", 200).putInt8("i8", (byte) -5).putUInt16("u16", 60000).putInt16("i16", (short) -300)
                .putUInt32("u32", 4_000_000_000L).putInt32("i32", -7).putUInt64("u64", 1L << 40).putInt64("i64", -9L)
                .putFloat32("f32", 1.5f).putFloat64("f64", -2.25).putBool("b", true).putString("s", "héllo 日本")
                .putStringArray("sa", List.of("a", "", "ü")).putInt32Array("ia", new int[] {1, -2, 3})
                .putFloat32Array("fa", new float[] {0.5f, -1f})
                .write(dir.resolve("kv.gguf"));
        GgufTestReader r = new GgufTestReader(f);
        assertThat(r.version, is(3));
        assertThat(r.kv.get("u8"), is(200));
        assertThat(r.kv.get("i8"), is((byte) -5));
        assertThat(r.kv.get("u16"), is(60000));
        assertThat(r.kv.get("i16"), is((short) -300));
        assertThat(r.kv.get("u32"), is(4_000_000_000L));
        assertThat(r.kv.get("i32"), is(-7));
        assertThat(r.kv.get("u64"), is(1L << 40));
        assertThat(r.kv.get("i64"), is(-9L));
        assertThat(r.kv.get("f32"), is(1.5f));
        assertThat(r.kv.get("f64"), is(-2.25));
        assertThat(r.kv.get("b"), is(true));
        assertThat(r.kv.get("s"), is("héllo 日本"));
        assertThat(r.kv.get("sa"), is(List.of("a", "", "ü")));
        assertThat(r.kv.get("ia"), is(List.of(1, -2, 3)));
        assertThat(r.kv.get("fa"), is(List.of(0.5f, -1f)));
        assertThat(List.copyOf(r.kv.keySet()), contains("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32",
                "f64", "b", "s", "sa", "ia", "fa"));
        assertThat(r.dataStart, is(r.size()));
    }

    @Test
    void tensorsAreAlignedAndReadBack() throws Exception {
        float[] a = {1, 2, 3};
        float[] b = new float[64];
        for (int i = 0; i < b.length; i++) {
            b[i] = i - 31.5f;
        }
        Path f = new GgufWriter().putString("general.architecture", "test")
                .addTensor("a", GgmlType.F32, a, 3)
                .addTensor("b", GgmlType.F16, b, 32, 2)
                .addTensor("c", GgmlType.Q8_0, b, 64)
                .write(dir.resolve("t.gguf"));
        GgufTestReader r = new GgufTestReader(f);
        assertThat(r.dataStart % 32, is(0L));
        assertThat(r.tensors.get("a").offset(), is(0L));
        assertThat(r.tensors.get("b").offset(), is(32L));
        assertThat(r.tensors.get("c").offset(), is(32L + 128));
        assertArrayEquals(new long[] {32, 2}, r.tensors.get("b").ne());
        assertThat(r.tensors.get("c").type(), is(8));
        assertArrayEquals(a, r.floats("a"));
        assertArrayEquals(b, r.floats("b"));
        assertArrayEquals(b, r.floats("c"), 31.5f / 127 / 2 + 0.02f);
        assertThat(r.size(), is(r.dataStart + 32 + 128 + 96));
    }

    @Test
    void customAlignmentIsRecordedAndUsed() throws Exception {
        Path f = new GgufWriter().alignment(64).addTensor("a", GgmlType.F32, new float[] {1}, 1)
                .addTensor("b", GgmlType.F32, new float[] {2}, 1).write(dir.resolve("a.gguf"));
        GgufTestReader r = new GgufTestReader(f);
        assertThat(r.kv.get("general.alignment"), is(64L));
        assertThat(r.dataStart % 64, is(0L));
        assertThat(r.tensors.get("b").offset(), is(64L));
        assertThat(Files.size(f), is(r.dataStart + 128));
    }

    @Test
    void rejectsDuplicatesAndBadShapes() {
        GgufWriter w = new GgufWriter().putString("k", "v");
        assertThrows(IllegalArgumentException.class, () -> w.putInt32("k", 1));
        w.addTensor("t", GgmlType.F32, new float[] {1}, 1);
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("t", GgmlType.F32, new float[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("q", GgmlType.Q8_0, new float[48], 48));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.F32, new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> w.alignment(24));
    }
}
