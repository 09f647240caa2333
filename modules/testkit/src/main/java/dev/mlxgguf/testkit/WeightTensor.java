package dev.mlxgguf.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One float tensor in PyTorch / MLX layout: row-major, {@code shape[0]} slowest (a linear weight is
 * {@code [out, in]}). Immutable: accessors return copies.
 */
public final class WeightTensor {

    private final String name;
    private final int[] shape;
    private final float[] values;

    /**
     * Creates a tensor.
     *
     * @param name   its name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
     * @param shape  dimensions, slowest first
     * @param values row-major values; the length must be the product of {@code shape}
     */
    public WeightTensor(String name, int[] shape, float[] values) {
        this.name = Objects.requireNonNull(name, "name");
        this.shape = shape.clone();
        this.values = values.clone();
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " needs " + n + " values");
        }
    }

    /** {@return the name} */
    public String name() {
        return name;
    }

    /** {@return the dimensions, slowest first (a copy)} */
    public int[] shape() {
        return shape.clone();
    }

    /** {@return the dimensions as a list, slowest first} */
    public List<Integer> shapeList() {
        return Arrays.stream(shape).boxed().toList();
    }

    /** {@return the row-major values (a copy)} */
    public float[] values() {
        return values.clone();
    }

    /** {@return the number of values} */
    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightTensor t && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
