package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.engine.mlx.tensor.Matrix;

import java.util.Objects;

/**
 * One Linear module: its weight, optional additive bias and optional LoRA update. The adapter is attached
 * once, during loading, before the model serves.
 */
public final class Linear {

    private final String name;
    private final Matrix weight;
    private final float[] bias;
    private LoraDelta adapter;

    /**
     * @param name   the module path (for messages and adapter keys)
     * @param weight the weight {@code [out, in]}
     * @param bias   the bias {@code [out]}, or null
     */
    public Linear(String name, Matrix weight, float[] bias) {
        this.name = Objects.requireNonNull(name, "name");
        this.weight = Objects.requireNonNull(weight, "weight");
        this.bias = bias;
    }

    /** {@return the module path} */
    public String name() {
        return name;
    }

    /** {@return the weight} */
    public Matrix weight() {
        return weight;
    }

    /** {@return the output width} */
    public int out() {
        return weight.rows();
    }

    /** {@return the input width} */
    public int in() {
        return weight.cols();
    }

    /** {@return the attached adapter, or null} */
    public LoraDelta adapter() {
        return adapter;
    }

    /**
     * Attaches an adapter (loading only).
     *
     * @param delta the update
     * @throws IllegalStateException if one is already attached
     */
    public void attach(LoraDelta delta) {
        if (adapter != null) {
            throw new IllegalStateException(name + " already has an adapter");
        }
        adapter = delta;
    }

    /**
     * Applies adapter then bias to a base output.
     *
     * @param x    the input
     * @param xOff input offset
     * @param y    the output, updated in place
     * @param yOff output offset
     */
    void finish(float[] x, int xOff, float[] y, int yOff) {
        if (adapter != null) {
            adapter.apply(x, xOff, y, yOff);
        }
        if (bias != null) {
            for (int o = 0; o < bias.length; o++) {
                y[yOff + o] += bias[o];
            }
        }
    }
}
