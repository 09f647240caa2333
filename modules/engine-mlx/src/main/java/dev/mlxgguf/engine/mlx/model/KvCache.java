package dev.mlxgguf.engine.mlx.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Keys (after RoPE) and values of every layer, per position, in blocks of {@value #BLOCK} positions that
 * are allocated as the sequence grows (a long context costs memory only when used). Layout of a position:
 * {@code kvHeads * headDim} floats, head-major.
 *
 * <p>Threading: grown and written by the model's thread between parallel phases; read concurrently during
 * attention. Reused across requests: a new sequence simply overwrites positions from 0.
 */
final class KvCache {

    static final int BLOCK = 256;

    private final int layers;
    private final int width;
    private final int capacity;
    private float[][][] keys;
    private float[][][] values;

    /**
     * @param layers   layers
     * @param width    floats per position per layer
     * @param capacity most positions ever stored (the context length)
     */
    KvCache(int layers, int width, int capacity) {
        this.layers = layers;
        this.width = width;
        this.capacity = capacity;
        this.keys = new float[layers][0][];
        this.values = new float[layers][0][];
    }

    /** {@return the most positions it can hold} */
    int capacity() {
        return capacity;
    }

    /**
     * Makes room for positions {@code [0, end)}.
     *
     * @param end exclusive end position, at most {@link #capacity()}
     */
    void ensure(int end) {
        if (end > capacity) {
            throw new IllegalArgumentException("position " + end + " beyond the context of " + capacity);
        }
        int blocks = (end + BLOCK - 1) / BLOCK;
        for (int l = 0; l < layers; l++) {
            int have = keys[l].length;
            if (have < blocks) {
                keys[l] = Arrays.copyOf(keys[l], blocks);
                values[l] = Arrays.copyOf(values[l], blocks);
                for (int b = have; b < blocks; b++) {
                    keys[l][b] = new float[BLOCK * width];
                    values[l][b] = new float[BLOCK * width];
                }
            }
        }
    }

    /**
     * @param layer a layer
     * @param pos   a position
     * @return the block holding the keys of that position (offset {@link #offset(int)})
     */
    float[] keyBlock(int layer, int pos) {
        return keys[layer][pos / BLOCK];
    }

    /**
     * @param layer a layer
     * @param pos   a position
     * @return the block holding the values of that position (offset {@link #offset(int)})
     */
    float[] valueBlock(int layer, int pos) {
        return values[layer][pos / BLOCK];
    }

    /**
     * @param pos a position
     * @return the offset of its entry inside its block
     */
    int offset(int pos) {
        return (pos % BLOCK) * width;
    }

    /**
     * Copies positions {@code [0, tokens)}: per layer the keys then the values, {@code tokens * width}
     * little-endian floats each.
     *
     * @param tokens positions held
     * @return a direct buffer, position 0, limit its size
     */
    ByteBuffer save(int tokens) {
        ByteBuffer out = ByteBuffer.allocateDirect(Math.max(1, stateBytes(tokens))).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer f = out.asFloatBuffer();
        for (int l = 0; l < layers; l++) {
            copy(keys[l], tokens, f, true);
            copy(values[l], tokens, f, true);
        }
        out.limit(stateBytes(tokens));
        return out;
    }

    /**
     * Replaces positions {@code [0, tokens)} with a saved state.
     *
     * @param state  bytes from {@link #save} of a model of the same shape
     * @param tokens positions it holds
     * @return false if the size does not match this shape or the context is too small
     */
    boolean restore(ByteBuffer state, int tokens) {
        if (tokens > capacity || state.remaining() != stateBytes(tokens)) {
            return false;
        }
        ensure(tokens);
        FloatBuffer f = state.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int l = 0; l < layers; l++) {
            copy(keys[l], tokens, f, false);
            copy(values[l], tokens, f, false);
        }
        return true;
    }

    private int stateBytes(int tokens) {
        long bytes = (long) layers * 2 * tokens * width * Float.BYTES;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a prompt state of " + tokens + " positions exceeds 2 GiB");
        }
        return (int) bytes;
    }

    private void copy(float[][] blocks, int tokens, FloatBuffer f, boolean out) {
        for (int b = 0, left = tokens; left > 0; b++, left -= BLOCK) {
            int n = Math.min(BLOCK, left) * width;
            if (out) {
                f.put(blocks[b], 0, n);
            } else {
                f.get(blocks[b], 0, n);
            }
        }
    }
}
