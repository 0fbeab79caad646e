package dev.nnc.bench;

import dev.nnc.tensor.gemm.GemmKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CPU a benchmark ran on, as {@code lscpu} names it (model name and the vector flags that decide the
 * kernels' speed), and the vector widths of this JVM: figures mean little without them.
 */
public final class CpuInfo {

    /** The flags worth naming, in this order: x86 vector extensions, then ARM's. */
    private static final List<String> VECTOR_FLAGS = List.of("avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_bf16", "amx_tile", "asimd", "sve", "sve2");

    private CpuInfo() {
    }

    /** E.g. {@code AMD EPYC (avx avx2 fma avx512f avx512bw avx512vl), 2 processors}. */
    public static String describe() {
        String model = System.getProperty("os.arch", "unknown CPU");
        Set<String> flags = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("model name") && !value.isEmpty()) {
                    model = value;
                } else if ((key.equals("flags") || key.equals("Features")) && flags.isEmpty()) {
                    flags.addAll(List.of(value.split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is all we know
        }
        List<String> named = new ArrayList<>();
        for (String f : VECTOR_FLAGS) {
            if (flags.contains(f)) {
                named.add(f);
            }
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return model + (named.isEmpty() ? "" : " (" + String.join(" ", named) + ")") + ", " + cpus + " processor"
                + (cpus == 1 ? "" : "s");
    }

    /** E.g. {@code JVM vectors up to 512 bits, Vector-API GEMM at 256}. */
    public static String vectors() {
        return GemmKernels.vectorWidths();
    }
}
