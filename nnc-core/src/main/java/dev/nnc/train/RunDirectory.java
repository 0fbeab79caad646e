package dev.nnc.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.ReadLimits;
import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Crash-consistent epochs in a run directory. An epoch's files ({@code last}, {@code best} when it improved,
 * {@code history.csv}, {@code metrics.jsonl}) are first written whole into a fresh {@code .epoch-K/} folder; then {@code manifest.json}
 * is replaced atomically to name it (the commit point); then the files are renamed over the visible ones and the
 * folder removed. A kill -9 before the commit leaves epoch K-1 in force, one after it epoch K: {@link #recover}
 * (run before a run directory is read or written) finishes an interrupted publication and deletes what was never
 * committed, together with stale temporary files. Only names of this protocol are ever removed ({@code .epoch-N/},
 * {@code .last.safetensors.HEX.tmp} and the like), so recovering a directory that is not a run directory is harmless.
 * docs/training.md describes the protocol.
 */
public final class RunDirectory {

    static final String PENDING_PREFIX = ".epoch-";

    private RunDirectory() {
    }

    /**
     * Brings {@code dir} to its last committed epoch: publishes the files of a committed {@code .epoch-K/},
     * removes uncommitted ones and leftover {@code .*.tmp} files. Does nothing to a directory that does not exist.
     *
     * @throws RunFileException if the manifest is damaged or a file cannot be moved or removed
     */
    public static void recover(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Optional<String> committed = readManifest(dir).map(m -> m.pending);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(entries::add);
        } catch (IOException e) {
            throw RunFileException.cannotRead(dir, e);
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.matches("\\.epoch-[0-9]+") && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                if (committed.isPresent() && committed.get().equals(name)) {
                    publish(dir, p);
                } else {
                    deleteTree(p);
                }
            } else if (isRunTemporary(name) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                delete(p);
            }
        }
    }

    /** A temporary file of {@link AtomicFiles} for one of the run's own files: nothing else is touched. */
    private static boolean isRunTemporary(String name) {
        for (String f : List.of(RunFiles.LAST, RunFiles.BEST, RunFiles.HISTORY, RunFiles.METRICS, RunFiles.MANIFEST,
                RunFiles.RESULT, RunFiles.CURVES, RunFiles.CONFUSION)) {
            if (name.matches("\\." + java.util.regex.Pattern.quote(f) + "\\.[0-9a-f]+\\.tmp")) {
                return true;
            }
        }
        return false;
    }

    /** The epoch the manifest commits, if the directory has one. */
    public static OptionalInt committedEpoch(Path dir) {
        return readManifest(dir).map(m -> OptionalInt.of(m.epoch)).orElse(OptionalInt.empty());
    }

    /**
     * Commits one epoch: {@code writer} writes the epoch's files into the folder it is given, then the manifest
     * names that folder, then the files are published.
     */
    static void commit(Path dir, int epoch, EpochWriter writer) {
        String name = PENDING_PREFIX + epoch;
        Path pending = dir.resolve(name);
        try {
            if (Files.exists(pending)) {
                deleteTree(pending);
            }
            Files.createDirectories(pending);
        } catch (IOException e) {
            throw RunFileException.cannotCreateDirectory(pending, e);
        }
        writer.write(pending);
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("epoch", epoch);
        o.addProperty("pending", name);
        Path manifest = dir.resolve(RunFiles.MANIFEST);
        try {
            AtomicFiles.writeString(manifest, o + "\n");
        } catch (IOException e) {
            throw RunFileException.cannotWrite(manifest, e);
        }
        CrashPoints.reach("manifest-written", epoch);
        publish(dir, pending);
        CrashPoints.reach("published", epoch);
    }

    /** Writes an epoch's files into a folder. */
    @FunctionalInterface
    interface EpochWriter {
        void write(Path folder);
    }

    private record Manifest(int epoch, String pending) {
    }

    private static Optional<Manifest> readManifest(Path dir) {
        Path file = dir.resolve(RunFiles.MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = new String(ReadLimits.readAll(file, ReadLimits.MAX_RUN_FILE_BYTES, "a run manifest"),
                    StandardCharsets.UTF_8);
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            int epoch = o.get("epoch").getAsInt();
            String pending = o.get("pending").getAsString();
            if (epoch < 0 || !pending.equals(PENDING_PREFIX + epoch)) {
                throw new IllegalStateException();
            }
            return Optional.of(new Manifest(epoch, pending));
        } catch (IOException e) {
            throw RunFileException.cannotRead(file, e);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
                 | NumberFormatException e) {
            throw new RunFileException(file, "is not an nnc run manifest (docs/training.md); remove the run "
                    + "directory or resume from another");
        }
    }

    /** Renames each file of the folder over the visible one, in a fixed order, then removes the folder. */
    private static void publish(Path dir, Path pending) {
        int epoch = Integer.parseInt(pending.getFileName().toString().substring(PENDING_PREFIX.length()));
        for (String f : List.of(RunFiles.LAST, RunFiles.BEST, RunFiles.HISTORY, RunFiles.METRICS)) {
            Path from = pending.resolve(f);
            if (Files.isRegularFile(from)) {
                Path to = dir.resolve(f);
                try {
                    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw RunFileException.cannotWrite(to, e);
                }
                CrashPoints.reach("published-" + f, epoch);
            }
        }
        syncDirectory(dir);
        deleteTree(pending);
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new RunFileException(p, "cannot remove: " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new RunFileException(p, "cannot remove: " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, as in AtomicFiles
        }
    }
}
