package dev.nnc.tensor.gemm;

/** Started by {@link GemmTest} in a JVM without extra flags: prints the kernel {@link Gemm} chose. */
final class GemmFallbackProbe {

    private GemmFallbackProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Gemm.kernel().name() + " " + GemmKernels.agreesWithNaive(Gemm.kernel()));
    }
}
