package dev.nnc.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.api.Emit;
import dev.nnc.api.RunDirectory;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import dev.nnc.train.EpochStats;
import dev.nnc.train.MetricsJsonl;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The files a finished run leaves beside its checkpoints: result.json (docs/training.md#resultjson), curves.png,
 * confusion.png.
 */
public final class RunReport {

    /**
     * How the run was started: the command line's arguments as given (after {@code nnc}), and every override of
     * the model file ({@code --set key=value} and the flags that stand for one, such as {@code --epochs}), by key.
     */
    public record Invocation(List<String> commandLine, Map<String, String> overrides) {

        public static final Invocation NONE = new Invocation(List.of(), Map.of());

        public Invocation {
            commandLine = List.copyOf(commandLine);
            overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
        }
    }

    private RunReport() {
    }

    /** @throws RunFileException if a file cannot be written */
    public static void write(Path dir, LayerGraph graph, TrainConfig config, long seed, TrainingResult result, List<String> classNames) {
        write(dir, graph, config, seed, result, classNames, Invocation.NONE);
    }

    /** @throws RunFileException if a file cannot be written */
    public static void write(Path dir, LayerGraph graph, TrainConfig config, long seed, TrainingResult result,
                             List<String> classNames, Invocation invocation) {
        JsonObject json = new JsonObject();
        json.addProperty("model", graph.model());
        json.addProperty("data", config.data().map(d -> d.describe()).orElse(""));
        json.addProperty("optimizer", Emit.optimizer(config.optimizer()));
        json.addProperty("schedule", config.schedule().describe());
        json.addProperty("label_smoothing", config.labelSmoothing());
        json.addProperty("l2", config.l2());
        json.addProperty("epochs", result.history().size());
        json.addProperty("best_epoch", result.bestEpoch());
        // the trainer ranks regression runs by minus the validation loss; report the loss itself
        if (graph.isClassifier()) {
            addNumber(json, "best_val_acc", result.bestValAcc());
            addNumber(json, "best_val_loss", result.history().stream().filter(e -> e.epoch() == result.bestEpoch())
                    .mapToDouble(EpochStats::valLoss).findFirst().orElse(Double.NaN));
        } else {
            addNumber(json, "best_val_loss", -result.bestValAcc());
        }
        addNumber(json, "test_acc", result.testAcc().orElse(Double.NaN));
        addNumber(json, "test_loss", result.testLoss().orElse(Double.NaN));
        json.addProperty("train_seconds", result.trainSeconds());
        json.addProperty("examples_per_second", result.examplesPerSecond());
        json.addProperty("stopped_early", result.stoppedEarly());
        json.addProperty("seed", seed);
        json.addProperty("precision", config.precision().label());
        json.addProperty("trainable_parameters", graph.trainableParameterCount());
        json.addProperty("nnc_version", RunDirectory.NNC_VERSION);
        JsonArray commandLine = new JsonArray();
        invocation.commandLine().forEach(commandLine::add);
        json.add("command_line", commandLine);
        JsonObject overrides = new JsonObject();
        invocation.overrides().forEach(overrides::addProperty);
        json.add("overrides", overrides);
        JsonArray history = new JsonArray();
        result.history().forEach(e -> history.add(MetricsJsonl.line(e)));
        json.add("history", history);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create()
                .toJson(json) + "\n";
        Path resultFile = dir.resolve(RunDirectory.RESULT);
        try {
            AtomicFiles.writeString(resultFile, text);
        } catch (IOException e) {
            throw RunFileException.cannotWrite(resultFile, e);
        }
        Charts.writeCurves(dir.resolve(RunDirectory.CURVES), result.history());
        if (result.test().isPresent() && result.test().get().confusion() != null) {
            Charts.writeConfusion(dir.resolve(RunDirectory.CONFUSION), result.test().get().confusion(), classNames);
        }
    }

    /** JSON has no NaN: a missing figure is null. */
    private static void addNumber(JsonObject json, String key, double v) {
        if (Double.isFinite(v)) {
            json.addProperty(key, v);
        } else {
            json.add(key, com.google.gson.JsonNull.INSTANCE);
        }
    }
}
