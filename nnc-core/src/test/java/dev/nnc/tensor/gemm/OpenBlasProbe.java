package dev.nnc.tensor.gemm;

/** Started by {@link OpenBlasGemmTest} in a JVM of its own: prints the default kernel and OpenBLAS's source. */
final class OpenBlasProbe {

    private OpenBlasProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Gemm.defaults().kernel().name());
        System.out.println(GemmKernels.openBlas().isPresent() ? GemmKernels.openBlasSource()
                : "missing: " + GemmKernels.whyNoOpenBlas());
    }
}
