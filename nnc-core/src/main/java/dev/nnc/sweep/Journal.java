package dev.nnc.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study's {@code trials.jsonl}: one JSON object per line, appended and never rewritten (docs/sweep.md).
 * Each line goes out in one write followed by a sync, so a kill leaves at most a torn last line, which
 * {@link #read} ignores and {@link #open} cuts off before appending.
 *
 * <p>Events: {@code started} (config, seed), {@code epoch} (loss, trainAcc, valAcc), {@code rung} (rung,
 * epoch, metric: what ASHA ranked), {@code finished} (config, seed, valAcc, valLoss, epochs, seconds),
 * {@code pruned} (as finished, plus the rung) and {@code failed} (config, seed, error, seconds); each has
 * {@code event}, {@code trial} and {@code time} (UTC). {@code finished} and {@code failed} also
 * say where the trial ran when the engine knows it ({@code host}, {@code executor}, {@code attempt}). A number
 * that is not finite is written as null.
 */
public final class Journal implements AutoCloseable {

    public static final String FILE = "trials.jsonl";

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating) the journal of {@code studyDir} for appending, first dropping a torn last line. */
    public static Journal open(Path studyDir) {
        Path file = studyDir.resolve(FILE);
        try {
            Files.createDirectories(studyDir);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            ch.truncate(completeLength(Files.readAllBytes(file)));
            ch.position(ch.size());
            return new Journal(file, ch);
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }

    /** The events of {@code studyDir}'s journal in file order; none when there is no journal yet. */
    public static List<JsonObject> read(Path studyDir) {
        Path file = studyDir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw RunFileException.cannotRead(file, e);
        }
        String text = new String(bytes, 0, completeLength(bytes), StandardCharsets.UTF_8);
        List<JsonObject> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (RuntimeException e) {
                throw new RunFileException(file, "line " + lineNo + " is not a JSON object: " + e.getMessage());
            }
        }
        return out;
    }

    /** Bytes up to and including the last newline: a line without one was torn by a kill. */
    private static int completeLength(byte[] bytes) {
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] != '\n') {
            n--;
        }
        return n;
    }

    public void started(Trial t) {
        JsonObject o = event("started", t.index());
        o.add("config", config(t));
        o.addProperty("seed", t.seed());
        append(o);
    }

    public void epoch(int trial, int epoch, double loss, double trainAcc, double valAcc) {
        JsonObject o = event("epoch", trial);
        o.addProperty("epoch", epoch);
        o.add("loss", number(loss));
        o.add("trainAcc", number(trainAcc));
        o.add("valAcc", number(valAcc));
        append(o);
    }

    public void finished(Trial t, double valAcc, double valLoss, int epochs, double seconds) {
        finished(t, valAcc, valLoss, epochs, seconds, Optional.empty());
    }

    public void finished(Trial t, double valAcc, double valLoss, int epochs, double seconds, Optional<Placement> at) {
        JsonObject o = event("finished", t.index());
        o.add("config", config(t));
        o.addProperty("seed", t.seed());
        o.add("valAcc", number(valAcc));
        o.add("valLoss", number(valLoss));
        o.addProperty("epochs", epochs);
        o.add("seconds", number(seconds));
        at.ifPresent(p -> place(o, p));
        append(o);
    }

    /** Trial {@code trial} reached ASHA's rung {@code rung} at {@code epoch} with {@code metric}. */
    public void rung(int trial, int rung, int epoch, double metric) {
        JsonObject o = event("rung", trial);
        o.addProperty("rung", rung);
        o.addProperty("epoch", epoch);
        o.add("metric", number(metric));
        append(o);
    }

    /** ASHA stopped {@code t} at {@code rung}: its result is the one it had there, after {@code epochs} epochs. */
    public void pruned(Trial t, int rung, double valAcc, double valLoss, int epochs, double seconds) {
        JsonObject o = event("pruned", t.index());
        o.add("config", config(t));
        o.addProperty("seed", t.seed());
        o.addProperty("rung", rung);
        o.add("valAcc", number(valAcc));
        o.add("valLoss", number(valLoss));
        o.addProperty("epochs", epochs);
        o.add("seconds", number(seconds));
        append(o);
    }

    public void failed(Trial t, String error, double seconds) {
        failed(t, error, seconds, Optional.empty());
    }

    public void failed(Trial t, String error, double seconds, Optional<Placement> at) {
        JsonObject o = event("failed", t.index());
        o.add("config", config(t));
        o.addProperty("seed", t.seed());
        o.addProperty("error", error);
        o.add("seconds", number(seconds));
        at.ifPresent(p -> place(o, p));
        append(o);
    }

    private static void place(JsonObject o, Placement p) {
        o.addProperty("host", p.host());
        o.addProperty("executor", p.executor());
        o.addProperty("attempt", p.attempt());
    }

    private static JsonObject event(String kind, int trial) {
        JsonObject o = new JsonObject();
        o.addProperty("event", kind);
        o.addProperty("trial", trial);
        o.addProperty("time", Instant.now().toString());
        return o;
    }

    private static JsonObject config(Trial t) {
        JsonObject c = new JsonObject();
        for (Map.Entry<String, String> e : t.config().entrySet()) {
            c.addProperty(e.getKey(), e.getValue());
        }
        return c;
    }

    private static JsonElement number(double v) {
        return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
    }

    /** One line, one write, then a sync: trials finishing at once on several threads never interleave. */
    private synchronized void append(JsonObject o) {
        ByteBuffer buf = ByteBuffer.wrap((o + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }
}
