package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the training data comes from: a loader name ({@code fashionMnist}, {@code mnist}, {@code idx},
 * {@code cifar10}, {@code csv}) with its resolved arguments (Integer, Double, Boolean or String). Relative
 * paths in the arguments are relative to {@code baseDir}, the directory of the .nn file that named them.
 * {@code confined}: the paths come from a model file and must stay inside {@code baseDir} (docs/security.md);
 * a data set given on the command line ({@code --data}) is not confined.
 */
public record DataSpec(String kind, Map<String, Object> args, Path baseDir, boolean confined) {

    /** A data set named in a model file: confined to its directory. */
    public DataSpec(String kind, Map<String, Object> args, Path baseDir) {
        this(kind, args, baseDir, true);
    }

    public DataSpec {
        Preconditions.checkNotNull(kind);
        args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
        Preconditions.checkNotNull(baseDir);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(kind).append('(');
        String sep = "";
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Object v = e.getValue();
            sb.append(sep).append(e.getKey()).append(" = ").append(v instanceof String ? "\"" + v + "\"" : v);
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
