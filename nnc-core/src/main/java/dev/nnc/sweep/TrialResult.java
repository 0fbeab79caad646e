package dev.nnc.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * How a trial ended, as its journal's last {@code finished}, {@code pruned} or {@code failed} line says.
 *
 * @param error     empty unless the trial failed
 * @param prunedAt  the ASHA rung that stopped the trial; empty unless it was pruned. A pruned trial's metrics
 *                  and epochs are those it had at that rung
 * @param placement where it ran (the journal's host, executor and attempt), when known
 */
public record TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds,
                          Optional<String> error, OptionalInt prunedAt, Optional<Placement> placement) {

    public TrialResult {
        if (error.isPresent() && prunedAt.isPresent()) {
            throw new IllegalArgumentException("trial " + trial.index() + " both failed and was pruned");
        }
    }

    /** A finished or a failed trial, without a placement. */
    public TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds, Optional<String> error) {
        this(trial, valAcc, valLoss, epochs, seconds, error, OptionalInt.empty(), Optional.empty());
    }

    /** Without a placement. */
    public TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds, Optional<String> error,
                       OptionalInt prunedAt) {
        this(trial, valAcc, valLoss, epochs, seconds, error, prunedAt, Optional.empty());
    }

    /** A finished or a failed trial that ran at {@code placement}. */
    public TrialResult(Trial trial, double valAcc, double valLoss, int epochs, double seconds, Optional<String> error,
                       Optional<Placement> placement) {
        this(trial, valAcc, valLoss, epochs, seconds, error, OptionalInt.empty(), placement);
    }

    /** This result, run at {@code p}. */
    public TrialResult at(Placement p) {
        return new TrialResult(trial, valAcc, valLoss, epochs, seconds, error, prunedAt, Optional.of(p));
    }

    /** How a trial ended, as the journal and the leaderboard write it. */
    public enum Status {
        FINISHED, PRUNED, FAILED;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Status status() {
        return error.isPresent() ? Status.FAILED : prunedAt.isPresent() ? Status.PRUNED : Status.FINISHED;
    }

    /** Trained all its epochs (or stopped early by its own earlyStop): neither pruned nor failed. */
    public boolean finished() {
        return status() == Status.FINISHED;
    }

    public boolean pruned() {
        return status() == Status.PRUNED;
    }

    public boolean failed() {
        return status() == Status.FAILED;
    }

    /** Finished or pruned: a resumed study does not run it again. */
    public boolean done() {
        return !failed();
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
            if (!kind.equals("finished") && !kind.equals("failed") && !kind.equals("pruned")) {
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>();
            o.getAsJsonObject("config").entrySet().forEach(e -> config.put(e.getKey(), e.getValue().getAsString()));
            Trial t = new Trial(o.get("trial").getAsInt(), config, o.get("seed").getAsLong());
            TrialResult r = !kind.equals("failed")
                    ? new TrialResult(t, num(o, "valAcc"), num(o, "valLoss"), o.get("epochs").getAsInt(),
                            num(o, "seconds"), Optional.empty(), kind.equals("pruned")
                            ? OptionalInt.of(o.get("rung").getAsInt()) : OptionalInt.empty())
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

    /**
     * Finished trials best first by {@code metric}, then pruned ones (those that went further first, then by
     * the metric they had when stopped), then failed ones. Ties and NaN: lower index first, NaN last within
     * its group. As Optuna's best trial, the winner is a finished trial: a pruned trial's metric is from fewer
     * epochs, so it is not comparable with a finished one's.
     */
    public static List<TrialResult> ranked(Iterable<TrialResult> results, SweepSpec.Metric metric) {
        List<TrialResult> out = new ArrayList<>();
        results.forEach(out::add);
        out.sort((a, b) -> {
            if (a.status() != b.status()) {
                return a.status().compareTo(b.status());
            }
            if (a.pruned() && a.epochs() != b.epochs()) {
                return Integer.compare(b.epochs(), a.epochs());
            }
            double x = a.metric(metric);
            double y = b.metric(metric);
            boolean xn = a.failed() || Double.isNaN(x);
            boolean yn = b.failed() || Double.isNaN(y);
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
