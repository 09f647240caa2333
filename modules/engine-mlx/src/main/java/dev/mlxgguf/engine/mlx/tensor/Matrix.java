package dev.mlxgguf.engine.mlx.tensor;

/**
 * A weight matrix {@code [rows, cols]} (a Linear layer's {@code [out, in]}, or an embedding) read in place
 * from the mapped model file. Products are computed directly on the stored format (float, bfloat16, half or
 * MLX affine-quantized), one row range at a time, so callers can split rows across threads.
 *
 * <p>Threading: after {@link #prepare}, {@link #matvec} and {@link #dequantizeRows} may run concurrently on
 * disjoint row ranges. Valid while the owning tensor store is open.
 */
public sealed interface Matrix permits DenseMatrix, QuantMatrix {

    /** {@return the number of rows (outputs)} */
    int rows();

    /** {@return the number of columns (inputs)} */
    int cols();

    /**
     * Computes the derived forms of an input this matrix's kernel reads. Call before a parallel product.
     *
     * @param in the input
     */
    void prepare(PreparedInput in);

    /**
     * Computes {@code y[yBase + r] = row(r) . x} for rows {@code [r0, r1)}.
     *
     * @param in    the prepared input ({@code cols} values)
     * @param y     output
     * @param yBase offset of row 0 in {@code y}
     * @param r0    first row
     * @param r1    end row (exclusive)
     */
    void matvec(PreparedInput in, float[] y, int yBase, int r0, int r1);

    /**
     * Dequantizes one row in natural element order.
     *
     * @param r   the row
     * @param out destination
     * @param off offset in {@code out}
     */
    void rowInto(int r, float[] out, int off);

    /**
     * {@return whether {@link #dequantizeRows} writes rows in the even/odd span layout of {@link Permute}
     * (inputs multiplied with such a tile must use the same layout)}
     */
    boolean permutedTile();

    /**
     * Dequantizes rows {@code [r0, r1)} into {@code tile[(r - r0) * cols + k]}, in the layout
     * {@link #permutedTile()} names.
     *
     * @param r0   first row
     * @param r1   end row
     * @param tile destination of at least {@code (r1 - r0) * cols} floats
     */
    void dequantizeRows(int r0, int r1, float[] tile);

    /** {@return bytes read per full product (weights, scales, offsets)} */
    long byteSize();

    /** {@return a short description of the format, e.g. {@code BF16} or {@code q4/g64}} */
    String format();
}
