package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class GgmlTypeTest {

    @Test
    void q8BlockFollowsTheReferenceQuantizer() {
        float[] x = new float[32];
        x[0] = 1.27f;
        x[1] = -1.27f;
        x[2] = 0.005f;
        x[3] = -0.005f;
        x[4] = 0.015f;
        byte[] b = GgmlType.Q8_0.encode(x);
        assertThat(b.length, is(34));
        float d = Float.float16ToFloat((short) ((b[0] & 0xFF) | (b[1] << 8)));
        assertThat(d, is(Float.float16ToFloat(Float.floatToFloat16(0.01f))));
        assertThat((int) b[2], is(127));
        assertThat((int) b[3], is(-127));
        assertThat((int) b[4], is(1));
        assertThat((int) b[5], is(-1));
        assertThat((int) b[6], is(2));
    }

    @Test
    void q4BlockFollowsTheReferenceQuantizer() {
        float[] x = new float[32];
        x[0] = -8f;
        x[16] = 4f;
        x[1] = 8f;
        byte[] b = GgmlType.Q4_0.encode(x);
        assertThat(b.length, is(18));
        float d = Float.float16ToFloat((short) ((b[0] & 0xFF) | (b[1] << 8)));
        assertThat(d, is(1f));
        float[] back = GgmlType.Q4_0.decode(b, 32);
        assertThat(back[0], is(-8f));
        assertThat(back[16], is(4f));
        assertThat(back[1], is(7f));
    }

    @Test
    void plainTypesRoundTrip() {
        float[] x = {0f, 1.5f, -2.25f, 65504f};
        assertArrayEquals(x, GgmlType.F32.decode(GgmlType.F32.encode(x), 4));
        assertArrayEquals(x, GgmlType.F16.decode(GgmlType.F16.encode(x), 4));
        assertThat(GgmlType.F16.byteSize(4), is(8L));
        assertThat(GgmlType.Q8_0.byteSize(64), is(68L));
    }
}
