package dev.nnc.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a trial ended, as its journal's last {@code finished} or {@code failed} line says.
 *
 * @param error     empty for a finished trial
 * @param placement where it ran (the journal's host, executor and attempt), when known
 */
public record TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds,
                          Optional<String> error, Optional<Placement> placement) {

    /** Without a placement. */
    public TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds, Optional<String> error) {
        this(trial, valAcc, valLoss, epochs, seconds, error, Optional.empty());
    }

    /** This result, run at {@code p}. */
    public TrialResult at(Placement p) {
        return new TrialResult(trial, valAcc, valLoss, epochs, seconds, error, Optional.of(p));
    }

    public boolean finished() {
        return error.isEmpty();
    }

    /** The value of {@code metric}; NaN for a failed trial. */
    public double metric(SweepSpec.Metric metric) {
        return metric == SweepSpec.Metric.VAL_ACC ? valAcc : valLoss;
    }

    /** The last outcome of each trial in {@code events}, by index; trials only started are absent. */
    public static Map<Integer, TrialResult> outcomes(List<JsonObject> events) {
        Map<Integer, TrialResult> out = new TreeMap<>();
        for (JsonObject o : events) {
            String kind = o.get("event").getAsString();
            if (!kind.equals("finished") && !kind.equals("failed")) {
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>();
            o.getAsJsonObject("config").entrySet().forEach(e -> config.put(e.getKey(), e.getValue().getAsString()));
            Trial t = new Trial(o.get("trial").getAsInt(), config, o.get("seed").getAsLong());
            TrialResult r = kind.equals("finished")
                    ? new TrialResult(t, num(o, "valAcc"), num(o, "valLoss"), o.get("epochs").getAsInt(),
                            num(o, "seconds"), Optional.empty())
                    : new TrialResult(t, Double.NaN, Double.NaN, 0, num(o, "seconds"),
                            Optional.of(o.get("error").getAsString()));
            if (o.has("host") && o.has("executor")) {
                r = r.at(new Placement(o.get("host").getAsString(), o.get("executor").getAsString(),
                        o.has("attempt") ? o.get("attempt").getAsInt() : 0));
            }
            out.put(t.index(), r);
        }
        return out;
    }

    /** Finished trials best first by {@code metric} (ties and NaN: lower index first, NaN last), then failed ones. */
    public static List<TrialResult> ranked(Iterable<TrialResult> results, SweepSpec.Metric metric) {
        List<TrialResult> out = new ArrayList<>();
        results.forEach(out::add);
        out.sort((a, b) -> {
            double x = a.metric(metric);
            double y = b.metric(metric);
            boolean xn = !a.finished() || Double.isNaN(x);
            boolean yn = !b.finished() || Double.isNaN(y);
            if (xn != yn) {
                return xn ? 1 : -1;
            }
            int c = xn ? 0 : metric.higherIsBetter() ? Double.compare(y, x) : Double.compare(x, y);
            return c != 0 ? c : Integer.compare(a.trial().index(), b.trial().index());
        });
        return out;
    }

    private static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
