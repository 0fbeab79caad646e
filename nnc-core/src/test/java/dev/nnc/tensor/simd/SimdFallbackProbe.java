package dev.nnc.tensor.simd;

/** Started by {@link SimdTest} in a JVM without extra flags: prints the loops {@link Simd} chose and a sum. */
final class SimdFallbackProbe {

    private SimdFallbackProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Simd.name() + " " + Simd.sumOfSquares(new float[] {1, 2, 3, 4}, 0, 4));
    }
}
