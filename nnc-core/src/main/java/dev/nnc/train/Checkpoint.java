package dev.nnc.train;

import com.google.common.base.Preconditions;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.tensor.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * nnc's checkpoint: a safetensors file holding every parameter under its graph name ({@code affine_1.W},
 * {@code batchnorm_1.running_mean}), then the optimizer's slots ({@code opt.m/affine_1.W}), with the
 * run's bookkeeping in the metadata. The layout and every key are documented in docs/checkpoint-format.md;
 * change both together and bump {@link #FORMAT_VERSION} on an incompatible change.
 */
public final class Checkpoint {

    public static final int FORMAT_VERSION = 1;
    public static final String NNC_VERSION = "0.1.0";

    /** Metadata keys. */
    public static final String KEY_FORMAT_VERSION = "format_version";
    public static final String KEY_NNC_VERSION = "nnc_version";
    public static final String KEY_MODEL = "model";
    public static final String KEY_GRAPH_HASH = "graph_hash";
    public static final String KEY_PREPROCESSING = "preprocessing";
    public static final String KEY_OPTIMIZER = "optimizer";
    public static final String KEY_EPOCH = "epoch";
    public static final String KEY_RNG_STATE = "rng_state";
    public static final String KEY_BEST_VAL_ACC = "best_val_acc";
    public static final String KEY_SEED = "seed";
    public static final String KEY_SOURCE = "source";
    public static final String KEY_OVERRIDES = "overrides";
    public static final String KEY_LIMIT = "limit";

    /** No run is this long; a larger epoch in the metadata is corruption, and epoch + 1 must not overflow. */
    public static final int MAX_EPOCH = 1_000_000;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Path file;
    private final SafeTensorFile contents;
    private final CheckpointMeta meta;
    private final String nncVersion;
    private final Optional<OptimizerSpec> optimizer;
    private final Map<String, Double> optimizerScalars;

    private Checkpoint(Path file, SafeTensorFile contents, CheckpointMeta meta, String nncVersion,
                       Optional<OptimizerSpec> optimizer, Map<String, Double> optimizerScalars) {
        this.file = file;
        this.contents = contents;
        this.meta = meta;
        this.nncVersion = nncVersion;
        this.optimizer = optimizer;
        this.optimizerScalars = optimizerScalars;
    }

    /**
     * Writes the parameters (all of them, trainable or not, in the given order) and, when {@code optimizer}
     * is not null, its state, replacing {@code file} atomically.
     */
    public static void save(Path file, CheckpointMeta meta, List<Parameter> params, Optimizer optimizer) {
        try {
            JsonParser.parseString(meta.preprocessing());
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("preprocessing is not JSON: " + meta.preprocessing(), e);
        }
        List<SafeTensorSource> tensors = new ArrayList<>();
        for (Parameter p : params) {
            Preconditions.checkArgument(!p.name().startsWith(OptimizerState.PREFIX), "parameter name %s", p.name());
            tensors.add(SafeTensorSource.of(p.name(), p.value()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(KEY_FORMAT_VERSION, Integer.toString(FORMAT_VERSION));
        metadata.put(KEY_NNC_VERSION, NNC_VERSION);
        metadata.put(KEY_MODEL, meta.model());
        metadata.put(KEY_GRAPH_HASH, meta.graphHash());
        metadata.put(KEY_PREPROCESSING, meta.preprocessing());
        metadata.put(KEY_EPOCH, Integer.toString(meta.epoch()));
        metadata.put(KEY_RNG_STATE, Long.toString(meta.rngState()));
        metadata.put(KEY_BEST_VAL_ACC, Double.toString(meta.bestValAcc()));
        meta.seed().ifPresent(s -> metadata.put(KEY_SEED, Long.toString(s)));
        meta.source().ifPresent(src -> {
            JsonObject json = new JsonObject();
            json.addProperty("main", src.mainFile());
            json.add("files", GSON.toJsonTree(src.files()));
            metadata.put(KEY_SOURCE, GSON.toJson(json));
            metadata.put(KEY_OVERRIDES, GSON.toJson(src.overrides()));
        });
        meta.limit().ifPresent(n -> metadata.put(KEY_LIMIT, Integer.toString(n)));
        if (optimizer != null) {
            OptimizerState state = optimizer.exportState();
            state.tensors().forEach((name, t) -> tensors.add(SafeTensorSource.of(name, t)));
            JsonObject json = new JsonObject();
            json.addProperty("name", optimizer.name());
            json.add("hyper", GSON.toJsonTree(optimizer.spec().hyper()));
            json.add("scalars", GSON.toJsonTree(state.scalars()));
            metadata.put(KEY_OPTIMIZER, GSON.toJson(json));
        }
        SafeTensors.write(file, metadata, tensors);
    }

    /** Reads and validates a checkpoint; the model and optimizer are loaded separately. */
    public static Checkpoint read(Path file) {
        SafeTensorFile contents = SafeTensors.read(file);
        CheckpointMetadata m = new CheckpointMetadata(file, contents.metadata());
        int format = m.integer(KEY_FORMAT_VERSION);
        if (format > FORMAT_VERSION) {
            throw new CheckpointException(file, "checkpoint format " + format + " is newer than this nnc reads ("
                    + FORMAT_VERSION + "); upgrade nnc");
        }
        int epoch = m.integer(KEY_EPOCH);
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new CheckpointException(file, "metadata 'epoch' = " + epoch + " is not an epoch count (0 to "
                    + MAX_EPOCH + ")");
        }
        CheckpointMeta meta = new CheckpointMeta(m.string(KEY_MODEL), m.string(KEY_GRAPH_HASH),
                m.string(KEY_PREPROCESSING), epoch, m.longValue(KEY_RNG_STATE),
                m.real(KEY_BEST_VAL_ACC), m.optionalLong(KEY_SEED), m.source(), m.optionalLimit());
        return new Checkpoint(file, contents, meta, m.string(KEY_NNC_VERSION), m.optimizer(),
                m.optimizerScalars());
    }

    public Path file() {
        return file;
    }

    public CheckpointMeta meta() {
        return meta;
    }

    public String nncVersion() {
        return nncVersion;
    }

    /** The optimizer's name and hyperparameters ({@code lr} as it was, decayed), if one was saved. */
    public Optional<OptimizerSpec> optimizer() {
        return optimizer;
    }

    /** The optimizer's scalars ({@code t} for adam); empty when no optimizer was saved. */
    public Map<String, Double> optimizerScalars() {
        return optimizerScalars;
    }

    /** Every tensor as read, parameters and optimizer slots, in file order. */
    public Map<String, SafeTensor> tensors() {
        return contents.tensors();
    }

    /**
     * Copies the checkpoint's values into {@code params}, converting between float32 and float64. Names and
     * shapes are checked first and nothing is changed unless every parameter matches; the error names the
     * first parameter (in {@code params} order) missing from the checkpoint or of another shape, then the
     * first checkpoint tensor the model does not have.
     */
    public void loadInto(List<Parameter> params) {
        Set<String> names = new HashSet<>();
        for (Parameter p : params) {
            names.add(p.name());
            SafeTensor t = contents.tensors().get(p.name());
            if (t == null) {
                throw new CheckpointException(file, "has no tensor '" + p.name() + "' of shape "
                        + ShapeText.of(p.value().shape()) + " that the model needs");
            }
            if (!Arrays.equals(t.shapeArray(), p.value().shape())) {
                throw new CheckpointException(file, "tensor '" + p.name() + "' has shape "
                        + ShapeText.of(t.shapeArray()) + " in the checkpoint but " + ShapeText.of(p.value().shape())
                        + " in the model");
            }
            if (t.dtype() == DType.I64) {
                throw new CheckpointException(file, "tensor '" + p.name() + "' is I64, not F32 or F64");
            }
        }
        for (String name : contents.tensors().keySet()) {
            if (!name.startsWith(OptimizerState.PREFIX) && !names.contains(name)) {
                throw new CheckpointException(file, "has a tensor '" + name + "' that the model does not have");
            }
        }
        for (Parameter p : params) {
            contents.tensors().get(p.name()).copyInto(p.value());
        }
    }

    /**
     * Restores {@code opt}'s slots, scalars and learning rate. The optimizer must be the one saved (same
     * name) over the same parameters; otherwise nothing changes.
     */
    public void restoreOptimizer(Optimizer opt) {
        OptimizerSpec saved = optimizer.orElseThrow(() -> new CheckpointException(file,
                "holds no optimizer state to resume from"));
        if (!saved.name().equals(opt.name())) {
            throw new CheckpointException(file, "was trained with " + saved.name() + " but the model now uses "
                    + opt.name() + "; resuming needs the same optimizer");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (SafeTensor t : contents.tensors().values()) {
            if (t.name().startsWith(OptimizerState.PREFIX)) {
                if (t.dtype() == DType.I64) {
                    throw new CheckpointException(file, "tensor '" + t.name() + "' is I64, not F32 or F64");
                }
                tensors.put(t.name(), t.toTensor(t.dtype() == DType.F32
                        ? Precision.FLOAT32 : Precision.FLOAT64));
            }
        }
        try {
            opt.importState(new OptimizerState(tensors, optimizerScalars));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, "cannot resume the optimizer: " + e.getMessage(), e);
        }
        opt.setLearningRate(saved.lr());
    }
}
