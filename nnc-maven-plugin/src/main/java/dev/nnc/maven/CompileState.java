package dev.nnc.maven;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the compile goal produced last time, per model file: the up-to-date key, the files the key covers
 * (the model and its transitive imports, as found by compiling it) and the outputs it wrote. The key is a
 * SHA-256 of the nnc version, the effective configuration, and the path and bytes of every such file, so
 * a change to an imported file, an override or the compiler makes the model stale, and nothing else does.
 */
final class CompileState {

    private static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    record Entry(String key, List<String> inputs, List<String> outputs) {
    }

    private record Stored(int format, TreeMap<String, Entry> models) {
    }

    private CompileState() {
    }

    /** The state in {@code file}; empty when it is missing, unreadable or of another format (all stale). */
    static Map<String, Entry> read(Path file) {
        try {
            Stored s = GSON.fromJson(Files.readString(file), Stored.class);
            if (s == null || s.format() != FORMAT || s.models() == null) {
                return new TreeMap<>();
            }
            return new TreeMap<>(s.models());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException | JsonParseException e) {
            return new TreeMap<>();
        }
    }

    static String toJson(Map<String, Entry> models) {
        return GSON.toJson(new Stored(FORMAT, new TreeMap<>(models))) + "\n";
    }

    /** The up-to-date key; a missing input hashes as missing, so the model is compiled again and says why. */
    static String key(String version, String configuration, String model, Collection<String> inputs) {
        MessageDigest sha = sha256();
        update(sha, "nnc " + version);
        update(sha, configuration);
        update(sha, model);
        for (String input : new java.util.TreeSet<>(inputs)) {
            update(sha, input);
            try {
                update(sha, HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(Path.of(input)))));
            } catch (IOException e) {
                update(sha, "missing");
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
