package dev.nnc.tensor.gemm;

/** Started by {@link GemmTest} in a JVM without extra flags: prints the kernel {@link Gemm} chose. */
final class GemmFallbackProbe {

    private GemmFallbackProbe() {
    }

    public static void main(String[] args) {
        GemmKernel kernel = Gemm.defaults().kernel();
        System.out.println(kernel.name() + " " + GemmKernels.agreesWithNaive(kernel));
    }
}
