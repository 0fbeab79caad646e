package dev.nnc.data;

import com.google.common.base.Preconditions;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.nnc.graph.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What is done to a raw example before the model sees it: {@code y[j] = (x[j] * scale - mean[j]) / std[j]}.
 * {@code scale} is 1/255 for byte pixels (to [0, 1]) and 1 otherwise; mean and std come from the training
 * split only and are reused for validation, test, evaluation and prediction, which is why this record is
 * saved in checkpoint metadata ({@link #toJson()}, exact round trip).
 *
 * @param shape the example shape the statistics belong to
 * @param mean  empty (NONE), one per feature (MEAN, STANDARDIZE) or one per channel (CHANNEL)
 * @param std   one per feature for STANDARDIZE, else empty; a feature constant on the training split gets
 *              std 1 (it is only centred)
 */
public record Preprocessing(Normalization normalization, double scale, List<Integer> shape, double[] mean,
                            double[] std) {

    /** Byte pixels are scaled to [0, 1] before normalization. */
    public static final double PIXEL_SCALE = 1.0 / 255.0;

    public Preprocessing {
        Preconditions.checkNotNull(normalization);
        Preconditions.checkArgument(scale > 0 && Double.isFinite(scale), "scale %s", scale);
        shape = List.copyOf(shape);
        Shape s = new Shape(shape);
        mean = mean.clone();
        std = std.clone();
        int d = Math.toIntExact(s.size());
        int expectedMean = switch (normalization) {
            case NONE -> 0;
            case MEAN, STANDARDIZE -> d;
            case CHANNEL -> channels(s);
        };
        Preconditions.checkArgument(mean.length == expectedMean, "%s means for %s normalization of %s",
                mean.length, normalization.label(), s);
        Preconditions.checkArgument(std.length == (normalization == Normalization.STANDARDIZE ? d : 0),
                "%s stds for %s normalization of %s", std.length, normalization.label(), s);
        for (double v : std) {
            Preconditions.checkArgument(v > 0 && Double.isFinite(v), "std %s", v);
        }
    }

    /** Only the scaling. */
    public static Preprocessing none(Shape shape, double scale) {
        return new Preprocessing(Normalization.NONE, scale, shape.dims(), new double[0], new double[0]);
    }

    /**
     * Computes the statistics of {@code normalization} on {@code train} (its raw values times its current
     * scale).
     *
     * @throws DataException if statistics are needed and the split is empty
     */
    public static Preprocessing compute(Normalization normalization, Dataset train) {
        Shape shape = train.exampleShape();
        double scale = train.preprocessing().scale();
        if (normalization == Normalization.NONE) {
            return none(shape, scale);
        }
        if (train.isEmpty()) {
            throw new DataException(train.source() + ": cannot compute \"" + normalization.label()
                    + "\" normalization on an empty training split");
        }
        int n = train.count();
        int d = train.exampleSize();
        double[] featureMean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                featureMean[j] += train.raw(i, j) * scale;
            }
        }
        for (int j = 0; j < d; j++) {
            featureMean[j] /= n;
        }
        return switch (normalization) {
            case MEAN -> new Preprocessing(normalization, scale, shape.dims(), featureMean, new double[0]);
            case CHANNEL -> new Preprocessing(normalization, scale, shape.dims(), channelMeans(featureMean, shape),
                    new double[0]);
            case STANDARDIZE -> new Preprocessing(normalization, scale, shape.dims(), featureMean,
                    featureStd(train, scale, featureMean));
            case NONE -> throw new AssertionError();
        };
    }

    /** Every channel has the same number of features, so the channel mean is the mean of feature means. */
    private static double[] channelMeans(double[] featureMean, Shape shape) {
        int c = channels(shape);
        int per = featureMean.length / c;
        double[] out = new double[c];
        for (int j = 0; j < featureMean.length; j++) {
            out[j / per] += featureMean[j];
        }
        for (int k = 0; k < c; k++) {
            out[k] /= per;
        }
        return out;
    }

    /** Population standard deviation, second pass about the mean (no E[x^2] - mean^2 cancellation). */
    private static double[] featureStd(Dataset train, double scale, double[] mean) {
        int n = train.count();
        int d = train.exampleSize();
        double[] std = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = train.raw(i, j) * scale - mean[j];
                std[j] += dev * dev;
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(std[j] / n);
            if (!(std[j] > 1e-12)) {
                std[j] = 1.0;
            }
        }
        return std;
    }

    /** Channels of a (C, H, W) example; a (D) or other example counts as one channel. */
    private static int channels(Shape s) {
        return s.rank() == 3 ? s.dim(0) : 1;
    }

    /** The mean subtracted from feature {@code j} (already in scaled units). */
    public double meanOf(int j) {
        return switch (normalization) {
            case NONE -> 0.0;
            case MEAN, STANDARDIZE -> mean[j];
            case CHANNEL -> mean[j / (int) (new Shape(shape).size() / mean.length)];
        };
    }

    /** The divisor of feature {@code j}. */
    public double stdOf(int j) {
        return normalization == Normalization.STANDARDIZE ? std[j] : 1.0;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    /** Sizes must agree; the dims may differ when a (D) model input takes flattened (C, H, W) examples. */
    static void checkShape(Preprocessing p, Shape shape) {
        Preconditions.checkArgument(new Shape(p.shape).size() == shape.size(), "preprocessing for %s applied to %s",
                new Shape(p.shape), shape);
    }

    /** JSON for checkpoint metadata; doubles print in shortest round-trip form, so {@link #fromJson} is exact. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("normalization", normalization.label());
        o.addProperty("scale", scale);
        JsonArray s = new JsonArray();
        shape.forEach(s::add);
        o.add("shape", s);
        o.add("mean", array(mean));
        o.add("std", array(std));
        return new Gson().toJson(o);
    }

    private static JsonArray array(double[] values) {
        JsonArray a = new JsonArray();
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /**
     * Reads what {@link #toJson} wrote, checking every field, so a damaged checkpoint is one sentence naming
     * the field.
     *
     * @throws DataException if the text is not a preprocessing this class wrote
     */
    public static Preprocessing fromJson(String json) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new DataException("preprocessing metadata is not a JSON object: " + json);
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new DataException("preprocessing metadata is not JSON: " + json, e);
        }
        String label = string(o, "normalization");
        Normalization n = Normalization.parse(label).orElseThrow(() -> new DataException(
                "preprocessing metadata: unknown normalization \"" + label + "\""));
        double[] dims = numbers(o, "shape");
        List<Integer> shape = new java.util.ArrayList<>();
        for (double d : dims) {
            if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
                throw new DataException("preprocessing metadata: \"shape\" must hold positive integers, not " + d);
            }
            shape.add((int) d);
        }
        JsonElement scale = o.get("scale");
        if (!(scale instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new DataException("preprocessing metadata: \"scale\" must be a number");
        }
        try {
            return new Preprocessing(n, scale.getAsDouble(), shape, numbers(o, "mean"), numbers(o, "std"));
        } catch (IllegalArgumentException | ArithmeticException e) { // the record's own consistency checks
            throw new DataException("preprocessing metadata is inconsistent: " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String field) {
        if (!(o.get(field) instanceof JsonPrimitive p) || !p.isString()) {
            throw new DataException("preprocessing metadata: \"" + field + "\" must be a string");
        }
        return p.getAsString();
    }

    private static double[] numbers(JsonObject o, String field) {
        if (!(o.get(field) instanceof JsonArray a)) {
            throw new DataException("preprocessing metadata: \"" + field + "\" must be an array of numbers");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(a.get(i) instanceof JsonPrimitive p) || !p.isNumber()) {
                throw new DataException("preprocessing metadata: \"" + field + "\" must be an array of numbers");
            }
            out[i] = p.getAsDouble();
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && normalization == p.normalization
                && Double.compare(scale, p.scale) == 0 && shape.equals(p.shape)
                && Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(normalization, scale, shape, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        return String.format("Preprocessing[%s, scale %s, %s, %d means, %d stds]", normalization.label(), scale,
                new Shape(shape), mean.length, std.length);
    }
}
