package dev.nnc.cli;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.api.ClassNames;
import dev.nnc.api.Data;
import dev.nnc.api.Model;
import dev.nnc.api.Prediction;
import dev.nnc.graph.LayerGraph;
import dev.nnc.semantic.CompiledModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc predict [FILE] --weights CKPT INPUT...}: the top classes of each input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        modelTransformer = OptionalModelFile.class,
        description = {"Classify inputs with a checkpoint: PNG/JPEG images (converted and resized to the model's "
                + "input, with a warning), or IDX / CSV files of examples. Prints the top classes with their "
                + "probabilities.",
                "Without a FILE (a first argument that does not end in .nn is an INPUT) the model comes from CKPT."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--weights", paramLabel = "CKPT", description = "A checkpoint written by nnc train. Required "
            + "unless every weight of the model is written in its file (a perceptron).")
    Path weights;

    @Option(names = "--top", paramLabel = "K", defaultValue = "3", description = "Classes per input (at least 1; at most the number of classes are shown). "
            + "Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--force", description = "Load a checkpoint written by a different model (graph hash) whose "
            + "tensors fit, with a warning.")
    boolean force;

    @Option(names = "--json", description = "One JSON object per input on stdout.")
    boolean json;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Images, IDX or CSV files.")
    List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.atLeastOne(spec, "--top", top);
        inputs = inputs == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(inputs);
        if (input.file != null && !input.file.toString().endsWith(".nn") && weights != null) {
            inputs.add(0, input.file); // no model file: the model comes from the checkpoint
            input.file = null;
        }
        OptionChecks.require(spec, input.file != null || weights != null,
                "Missing required parameter: 'FILE' (or --weights CKPT of a checkpoint that carries its model)");
        OptionChecks.require(spec, !inputs.isEmpty(), "Missing required parameter: 'INPUT'");
        Optional<CompiledModel> compiled = input.compile(err, weights);
        if (compiled.isEmpty()) {
            return ExitCodes.FAILED;
        }
        LayerGraph graph = compiled.get().graph();
        if (weights == null && graph.trainableParameterCount() > 0) {
            err.println("nnc: predict needs --weights CKPT: model " + graph.model() + " has "
                    + String.format(Locale.ROOT, "%,d", graph.trainableParameterCount()) + " trained parameters "
                    + "(only a model whose weights are all written in its file runs without a checkpoint)");
            return ExitCodes.USAGE;
        }
        this.compiled = compiled.get();
        if (!graph.isClassifier()) {
            return UserErrors.reported(err, () -> outputs(graph, stdout, err));
        }
        return UserErrors.reported(err, () -> predict(graph, stdout, err));
    }

    /** The model {@link #call} compiled, which {@link #model} loads the checkpoint into. */
    private CompiledModel compiled;

    private Model model(LayerGraph graph) {
        return weights == null ? Model.create(graph) : Model.load(compiled, graph.train().precision(), weights, force);
    }

    /**
     * A model that is not a classifier (a perceptron, a regression): each example's inputs and outputs on one
     * line, {@code 0 1 -> 1}, so a CSV of a gate's inputs prints its truth table.
     */
    private int outputs(LayerGraph graph, PrintWriter stdout, PrintWriter err) {
        Model model = model(graph);
        for (Path p : inputs) {
            Data.Inputs in = Data.readInputs(p, graph.inputShape());
            in.warnings().forEach(w -> err.println("nnc: warning: " + p + ": " + w));
            double[][] out = model.outputs(in.data());
            for (int i = 0; i < out.length; i++) {
                String label = in.data().count() == 1 ? p.toString() : p + "[" + i + "]";
                if (json) {
                    JsonObject o = new JsonObject();
                    o.addProperty("input", label);
                    JsonArray ys = new JsonArray();
                    for (double y : out[i]) {
                        ys.add(y);
                    }
                    o.add("output", ys);
                    stdout.println(new Gson().toJson(o));
                    continue;
                }
                StringBuilder sb = new StringBuilder(label).append(':');
                float[] x = in.data().example(i);
                if (x.length <= 16) { // a truth table shows its inputs; an image's pixels would be noise
                    for (float v : x) {
                        sb.append(' ').append(number(v));
                    }
                    sb.append(" ->");
                }
                for (double y : out[i]) {
                    sb.append(' ').append(number(y));
                }
                stdout.println(sb);
            }
        }
        return ExitCodes.OK;
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** Loads the checkpoint, reads each input, prints its top classes. */
    private int predict(LayerGraph graph, PrintWriter stdout, PrintWriter err) {
        Model model = model(graph);
        model.warnings().forEach(w -> err.println("nnc: warning: " + w));
        int classes = (int) graph.output().shape().size();
        List<String> names = ClassNames.of(graph.train().data(), classes);
        for (Path p : inputs) {
            Data.Inputs in = Data.readInputs(p, graph.inputShape());
            in.warnings().forEach(w -> err.println("nnc: warning: " + p + ": " + w));
            for (Prediction pred : model.predict(in.data(), Math.min(top, classes), names)) {
                String label = in.data().count() == 1 ? p.toString() : p + "[" + pred.index() + "]";
                stdout.println(json ? toJson(label, pred) : toText(label, pred));
            }
        }
        return ExitCodes.OK;
    }

    private static String toText(String label, Prediction p) {
        StringBuilder sb = new StringBuilder(label).append(':');
        for (Prediction.ClassScore s : p.top()) {
            sb.append(String.format(Locale.ROOT, "  %s %.3f", s.name(), s.probability()));
        }
        return sb.toString();
    }

    private static String toJson(String label, Prediction p) {
        JsonObject o = new JsonObject();
        o.addProperty("input", label);
        JsonArray top = new JsonArray();
        for (Prediction.ClassScore s : p.top()) {
            JsonObject c = new JsonObject();
            c.addProperty("label", s.label());
            c.addProperty("name", s.name());
            c.addProperty("probability", s.probability());
            top.add(c);
        }
        o.add("top", top);
        return new Gson().toJson(o);
    }
}
