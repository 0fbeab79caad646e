package dev.nnc.report;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.nnc.api.Emit;
import dev.nnc.api.RunDirectory;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The files a finished run leaves beside its checkpoints: result.json, curves.png, confusion.png. */
public final class RunReport {

    private RunReport() {
    }

    /** @throws RunFileException if a file cannot be written */
    public static void write(Path dir, LayerGraph graph, TrainConfig config, long seed, TrainingResult result, List<String> classNames) {
        JsonObject json = new JsonObject();
        json.addProperty("model", graph.model());
        json.addProperty("data", config.data().map(d -> d.describe()).orElse(""));
        json.addProperty("optimizer", Emit.optimizer(config.optimizer()));
        json.addProperty("epochs", result.history().size());
        json.addProperty("best_epoch", result.bestEpoch());
        // the trainer ranks regression runs by minus the validation loss; report the loss itself
        if (graph.isClassifier()) {
            addNumber(json, "best_val_acc", result.bestValAcc());
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
