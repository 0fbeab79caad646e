package dev.nnc.train;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The training history for tools, {@code metrics.jsonl}: one JSON object per epoch and line,
 * {@code {"epoch":1,"loss":0.61,"train_acc":0.79,"val_loss":0.55,"val_acc":0.8,"lr":0.001,"seconds":1.234}}; a
 * figure that was not measured is {@code null}. The same numbers as history.csv, which is the file a resume reads;
 * this one is derived from the history and, like it, replaced whole with each epoch's commit (never appended in
 * place), so a reader never sees half a line and a kill -9 leaves it in agreement with the checkpoints.
 */
public final class MetricsJsonl {

    private MetricsJsonl() {
    }

    public static String format(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder();
        for (EpochStats e : history) {
            sb.append(line(e)).append('\n');
        }
        return sb.toString();
    }

    /** One epoch's object, compact, keys in history.csv's column order. */
    public static JsonObject line(EpochStats e) {
        JsonObject o = new JsonObject();
        o.addProperty("epoch", e.epoch());
        number(o, "loss", e.loss());
        number(o, "train_acc", e.trainAcc());
        number(o, "val_loss", e.valLoss());
        number(o, "val_acc", e.valAcc());
        number(o, "lr", e.lr());
        o.addProperty("seconds", Math.round(e.seconds() * 1000) / 1000.0);
        return o;
    }

    public static void write(Path file, List<EpochStats> history) {
        try {
            AtomicFiles.write(file, format(history).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }

    private static void number(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        } else {
            o.add(key, JsonNull.INSTANCE);
        }
    }
}
