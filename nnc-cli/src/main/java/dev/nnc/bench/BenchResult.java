package dev.nnc.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;

/**
 * One model's figures. Rates are medians over the timed windows; NaN (JSON null) where a figure does not
 * apply: training figures for a model without a loss layer, allocation where the JVM does not count it, RSS
 * off Linux.
 *
 * @param gflops            achieved training GFLOPS: training FLOPs per example x training examples/s
 * @param fractionOfPeak    gflops / (peak per core x threads)
 * @param allocBytesPerStep bytes allocated by all threads over the timed training steps / steps
 */
public record BenchResult(String model, String file, String precision, int threads, String kernel,
                          String elementLoops, int batch,
                          double trainExamplesPerSecond, double inferExamplesPerSecond, double gflops,
                          double inferGflops, double peakGflops, double fractionOfPeak, long trainFlopsPerExample,
                          long inferFlopsPerExample, double allocBytesPerStep, long trainSteps, double peakHeapBytes,
                          double peakRssBytes, List<Double> trainWindowRates, List<Double> inferWindowRates) {

    public BenchResult {
        trainWindowRates = List.copyOf(trainWindowRates);
        inferWindowRates = List.copyOf(inferWindowRates);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("model", model);
        o.addProperty("file", file);
        o.add("train_examples_per_second", num(trainExamplesPerSecond));
        o.add("infer_examples_per_second", num(inferExamplesPerSecond));
        o.add("gflops", num(gflops));
        o.add("infer_gflops", num(inferGflops));
        o.add("peak_gflops", num(peakGflops));
        o.add("fraction_of_peak", num(fractionOfPeak));
        o.addProperty("kernel", kernel);
        o.addProperty("cpu", CpuInfo.describe());
        o.addProperty("vectors", CpuInfo.vectors());
        o.addProperty("element_loops", elementLoops);
        o.addProperty("threads", threads);
        o.addProperty("precision", precision);
        o.addProperty("batch", batch);
        o.addProperty("train_flops_per_example", trainFlopsPerExample);
        o.addProperty("infer_flops_per_example", inferFlopsPerExample);
        o.add("alloc_bytes_per_step", num(allocBytesPerStep));
        o.addProperty("train_steps", trainSteps);
        o.add("peak_heap_bytes", num(peakHeapBytes));
        o.add("peak_rss_bytes", num(peakRssBytes));
        o.add("train_window_rates", array(trainWindowRates));
        o.add("infer_window_rates", array(inferWindowRates));
        return o;
    }

    private static JsonArray array(List<Double> values) {
        JsonArray a = new JsonArray();
        values.forEach(v -> a.add(num(v)));
        return a;
    }

    /** Finite numbers to 6 significant digits (whole ones without a fraction), everything else as null. */
    private static com.google.gson.JsonElement num(double v) {
        if (!Double.isFinite(v)) {
            return JsonNull.INSTANCE;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return new JsonPrimitive((long) v);
        }
        return new JsonPrimitive(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v)));
    }
}
