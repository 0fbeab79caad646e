package dev.nnc.lsp;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import dev.nnc.semantic.CompiledModel;
import java.util.List;
import java.util.Locale;

/** Counts as the hints, hover and code lenses print them: params, FLOPs, bytes. */
final class Costs {

    private Costs() {
    }

    static long params(List<Node> nodes) {
        return nodes.stream().mapToLong(n -> n.trainableParameterCount() + n.nonTrainableParameterCount()).sum();
    }

    static long flops(CompiledModel cm, List<Node> nodes) {
        return nodes.stream().mapToLong(n -> cm.flops().get(n.id())).sum();
    }

    static int bytesPerValue(LayerGraph g) {
        return g.train().precision() == Precision.FLOAT64 ? 8 : 4;
    }

    static long weightBytes(LayerGraph g) {
        return g.params().mapToLong(p -> p.shape().size()).sum() * bytesPerValue(g);
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 157.0 k}, {@code 12.3 M}, {@code 1.2 G}: three significant figures for a glance. */
    static String si(double v) {
        String[] units = {"", " k", " M", " G", " T"};
        int u = 0;
        while (Math.abs(v) >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%d", (long) v) : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    /** {@code 583.3 kFLOPs}, {@code 640 FLOPs}. */
    static String flops(double v) {
        String s = si(v);
        return s.endsWith(" k") || s.endsWith(" M") || s.endsWith(" G") || s.endsWith(" T") ? s + "FLOPs" : s + " FLOPs";
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
