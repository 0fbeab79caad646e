package dev.nnc.api;

import dev.nnc.graph.ModelSource;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.CheckpointMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Why a model compiled from a file does not match the checkpoint it is loaded with, said in the user's terms
 * (the model, an override, a file's text) rather than as a graph hash; both must carry their source.
 */
final class CheckpointMismatch {

    /** A quoted source line is cut to this many characters. */
    private static final int QUOTE = 60;

    private CheckpointMismatch() {
    }

    /** Each difference found, joined; empty when either side has no source or nothing differs that we can name. */
    static Optional<String> explain(CompiledModel compiled, CheckpointMeta meta) {
        if (compiled.source().isEmpty() || meta.source().isEmpty()) {
            return Optional.empty();
        }
        ModelSource now = compiled.source().get();
        ModelSource then = meta.source().get();
        List<String> out = new ArrayList<>();
        if (!compiled.graph().model().equals(meta.model())) {
            out.add("model " + compiled.graph().model() + " is not the checkpoint's " + meta.model()
                    + " (--model " + meta.model() + ")");
        }
        for (String key : new TreeSet<>(union(now.overrides(), then.overrides()))) {
            String a = now.overrides().get(key);
            String b = then.overrides().get(key);
            if (Objects.equals(a, b)) {
                continue;
            }
            out.add(a == null ? "without the checkpoint's --set " + key + "=" + b
                    : "--set " + key + "=" + a + (b == null ? " (the checkpoint's run did not set " + key + ")"
                    : " where the checkpoint has " + key + "=" + b));
        }
        firstDifference(now.files().get(now.mainFile()), then.files().get(then.mainFile()))
                .ifPresent(d -> out.add(now.mainFile() + " differs from the source the checkpoint carries, " + d));
        for (Map.Entry<String, String> f : now.files().entrySet()) {
            String key = f.getKey();
            if (key.equals(now.mainFile()) || key.equals(then.mainFile())) {
                continue;
            }
            String old = then.files().get(key);
            if (old != null) {
                firstDifference(f.getValue(), old).ifPresent(d -> out.add("imported " + key
                        + " differs from the checkpoint's copy, " + d));
            } else if (!then.files().containsValue(f.getValue())) {
                out.add("imported " + key + " is not among the files the checkpoint carries");
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", out));
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** {@code line N: `now` (the checkpoint's: `then`)} for the first line that differs; empty when none does. */
    static Optional<String> firstDifference(String now, String then) {
        if (now.equals(then)) {
            return Optional.empty();
        }
        String[] a = now.split("\n", -1);
        String[] b = then.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].strip().equals(b[i].strip())) {
            i++;
        }
        if (i == a.length && i == b.length) { // only line endings or indentation differ
            return Optional.empty();
        }
        return Optional.of("line " + (i + 1) + ": " + quote(a, i) + " (the checkpoint's: " + quote(b, i) + ")");
    }

    private static String quote(String[] lines, int i) {
        if (i >= lines.length) {
            return "end of file";
        }
        String s = lines[i].strip();
        return "`" + (s.length() > QUOTE ? s.substring(0, QUOTE - 3) + "..." : s) + "`";
    }
}
