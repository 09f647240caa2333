package dev.mlxgguf.engine.mlx.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes the kernels use: the platform's preferred float vector ({@code L} lanes) and byte,
 * short and int vectors with the same number of lanes. Kernels need {@code L} of 8 or 16 (AVX2, AVX-512);
 * on other hardware {@link #VECTORIZED} is false and the scalar paths run.
 */
final class Lanes {

    /** Float species. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Lanes per float vector. */
    static final int L = F.length();
    /** Whether the vector kernels apply. */
    static final boolean VECTORIZED = L == 8 || L == 16;
    /** Bytes with {@code L} lanes. */
    static final VectorSpecies<Byte> B = VECTORIZED ? ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(L * 8)) : null;
    /** Shorts with {@code L} lanes. */
    static final VectorSpecies<Short> S = VECTORIZED ? ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(L * 16)) : null;
    /** Ints with {@code L} lanes. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    private Lanes() {
    }
}
