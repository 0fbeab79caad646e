package dev.nnc.maven;

import dev.nnc.api.BuildArtifacts;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Size limits every model must keep, from the plugin's {@code <budget>} configuration; unset means no limit.
 * A model over one is an error at its name, naming the model, the figure and the limit.
 */
public class Budget {

    /** Parameter elements, trainable or not (the summary's "Total params"). */
    Long maxParameters;
    /** Forward FLOPs of one example (the summary's "FLOPs per example"). */
    Long maxFlops;
    /** Bytes of all parameters at the train block's precision (the summary's "Parameter memory"). */
    Long maxWeightBytes;

    public Budget() {
    }

    Budget(Long maxParameters, Long maxFlops, Long maxWeightBytes) {
        this.maxParameters = maxParameters;
        this.maxFlops = maxFlops;
        this.maxWeightBytes = maxWeightBytes;
    }

    List<Diagnostic> check(String model, BuildArtifacts.Figures f, SourceSpan at) {
        List<Diagnostic> out = new ArrayList<>();
        over(out, "budget-parameters", model, "parameters", f.parameters(), maxParameters, "maxParameters", at);
        over(out, "budget-flops", model, "FLOPs per example", f.flopsPerExample(), maxFlops, "maxFlops", at);
        over(out, "budget-weight-bytes", model, "bytes of weights", f.weightBytes(), maxWeightBytes,
                "maxWeightBytes", at);
        return out;
    }

    private static void over(List<Diagnostic> out, String code, String model, String what, long figure, Long limit,
                             String setting, SourceSpan at) {
        if (limit != null && figure > limit) {
            out.add(Diagnostic.error(code, at, String.format(Locale.ROOT,
                    "model '%s' has %,d %s, over the budget of %,d (%s)", model, figure, what, limit, setting)));
        }
    }

    /** The limits as text, for the up-to-date key and the debug log. */
    @Override
    public String toString() {
        return "budget(maxParameters=" + maxParameters + ", maxFlops=" + maxFlops + ", maxWeightBytes="
                + maxWeightBytes + ")";
    }
}
