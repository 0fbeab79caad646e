package dev.nnc.tensor.gemm;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width of the Vector-API GEMM kernels, chosen deliberately rather than taken from
 * {@code SPECIES_PREFERRED}: 256 bits wherever the CPU has them, else the CPU's own width (128 bits: NEON,
 * or x86 run with {@code -XX:MaxVectorSize=16}).
 *
 * <p>Why not 512 bits on an AVX-512 CPU: the 6 x 2-vector micro-kernel at 512 bits is not reliably kept in
 * registers by C2 on JDK 17. On an AMD EPYC (Zen 4) its vectors were boxed in some compilations and not in
 * others: called alone in a loop it stays allocation-free, but inside a training step 50 steps of the MLP
 * allocated 7.7 GB and of the SimpleConvNet 9.9 GB (SteadyStateAllocationTest run with
 * {@code -Dnnc.vector.bits=512}), 10-40x slower than the same kernel at 256 bits (issue 11). At 256 bits
 * (and 128) the kernels are allocation-free; the build runs the kernel and allocation tests under each
 * width (surefire executions vector-128 and vector-avx2 beside the default one). {@code -Dnnc.vector.bits=512}
 * still asks for the wide tile, for experiments.
 *
 * <p>Internal: read once at class initialisation, so the species are constants to C2.
 */
final class VectorWidth {

    /** The width the kernels use, in bits. */
    static final int BITS = choose();

    private VectorWidth() {
    }

    private static int choose() {
        // The only reading of the preferred width: the most this CPU (and -XX:MaxVectorSize) can run natively.
        int max = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String wanted = System.getProperty("nnc.vector.bits", "").trim().toLowerCase(Locale.ROOT);
        int bits = switch (wanted) {
            case "128" -> 128;
            case "512" -> 512;
            default -> 256;
        };
        return Math.min(bits, max);
    }

    /** Whether the kernels run natively here: below 128 bits the Vector API would run its (slow) Java code. */
    static boolean runsNatively() {
        return BITS >= 128;
    }

    static VectorSpecies<Float> floats() {
        return VectorSpecies.of(float.class, VectorShape.forBitSize(BITS));
    }

    static VectorSpecies<Double> doubles() {
        return VectorSpecies.of(double.class, VectorShape.forBitSize(BITS));
    }
}
