package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.safetensors.DType;
import dev.mlxgguf.engine.mlx.safetensors.Tensor;
import dev.mlxgguf.engine.mlx.safetensors.TensorStore;
import dev.mlxgguf.engine.mlx.tensor.DenseMatrix;
import dev.mlxgguf.engine.mlx.tensor.Matrix;
import dev.mlxgguf.engine.mlx.tensor.QuantMatrix;

import java.util.List;
import java.util.Optional;

/**
 * Builds {@link Matrix} views of a model's Linear and Embedding modules, checking every tensor's dtype and
 * shape against the configuration, so that a mismatched folder fails at load with the tensor's name.
 */
final class MatrixLoader {

    private final TensorStore store;
    private final QuantConfig quant;
    private final String prefix;

    MatrixLoader(TensorStore store, QuantConfig quant, String prefix) {
        this.store = store;
        this.quant = quant;
        this.prefix = prefix;
    }

    /**
     * @param module a module path without the folder prefix
     * @return whether its weight exists
     */
    boolean exists(String module) {
        return store.get(prefix + module + ".weight").isPresent();
    }

    /**
     * Loads a module's weight.
     *
     * @param module the module path, e.g. {@code model.layers.0.mlp.down_proj}
     * @param rows   expected outputs
     * @param cols   expected inputs
     * @return the matrix
     * @throws ModelLoadException if a tensor is missing or has the wrong type or shape
     */
    Matrix load(String module, int rows, int cols) {
        String path = prefix + module;
        Tensor w = store.require(path + ".weight");
        Optional<QuantConfig.Params> q = quant.forModule(path, store.get(path + ".scales").isPresent());
        if (q.isEmpty()) {
            check(w, List.of((long) rows, (long) cols), DType.F32, DType.BF16, DType.F16);
            return new DenseMatrix(w.data(), w.dtype(), rows, cols);
        }
        QuantConfig.Params p = q.get();
        if (cols % p.groupSize() != 0 || ((long) cols * p.bits()) % 32 != 0) {
            throw new ModelLoadException(path + ": " + cols + " inputs are not a multiple of group_size " + p.groupSize());
        }
        check(w, List.of((long) rows, (long) cols * p.bits() / 32), DType.U32);
        Tensor scales = store.require(path + ".scales");
        Tensor biases = store.require(path + ".biases");
        List<Long> groupShape = List.of((long) rows, (long) cols / p.groupSize());
        check(scales, groupShape, DType.BF16, DType.F16, DType.F32);
        check(biases, groupShape, scales.dtype());
        return new QuantMatrix(w.data(), scales.data(), biases.data(), scales.dtype(),
                new int[] {rows, cols, p.bits(), p.groupSize()});
    }

    /**
     * Loads a vector (norm weight or bias) to the heap.
     *
     * @param name   full tensor name without the prefix
     * @param length expected length
     * @return the values
     */
    float[] vector(String name, int length) {
        Tensor t = store.require(prefix + name);
        check(t, List.of((long) length), DType.F32, DType.BF16, DType.F16);
        float[] out = new float[length];
        new DenseMatrix(t.data(), t.dtype(), 1, length).rowInto(0, out, 0);
        return out;
    }

    /**
     * @param name tensor name without the prefix
     * @return whether it exists
     */
    boolean has(String name) {
        return store.get(prefix + name).isPresent();
    }

    private static void check(Tensor t, List<Long> shape, DType... types) {
        if (!t.info().shape().equals(shape)) {
            throw new ModelLoadException("tensor " + t.name() + " has shape " + t.info().shape() + " but the config needs "
                    + shape);
        }
        for (DType d : types) {
            if (t.dtype() == d) {
                return;
            }
        }
        throw new ModelLoadException("tensor " + t.name() + " has unsupported dtype " + t.dtype());
    }
}
