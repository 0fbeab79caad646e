package dev.nnc.onnx;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Model;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import dev.nnc.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Exports a model with its weights to ONNX (opset 17, IR 8; ONNX Runtime 1.13 or later loads it) and checks
 * the file in ONNX Runtime against nnc's own inference before writing it. The entry point for the CLI's
 * {@code nnc export} and for build tools.
 *
 * <pre>{@code
 * LayerGraph graph = Nnc.compile(Path.of("models/fashion_mlp.nn"), CompileOptions.defaults()).orThrow().graph();
 * Model model = Model.load(graph, graph.train().precision(), Path.of("runs/fashion/best.safetensors"));
 * OnnxExport.Result r = OnnxExport.export(model, Path.of("fashion_mlp.onnx"), OnnxExport.Options.defaults());
 * System.out.println(r.verification().orElseThrow().describe());
 * }</pre>
 */
public final class OnnxExport {

    public static final int OPSET = OnnxExporter.OPSET;
    public static final int IR_VERSION = OnnxExporter.IR_VERSION;

    private OnnxExport() {
    }

    /**
     * @param verify         run ONNX Runtime and compare (off: {@code --no-verify})
     * @param seededExamples random raw inputs compared
     * @param testExamples   examples of the model's test split compared (0: none)
     * @param seed           seed of the random inputs
     */
    public record Options(boolean verify, int seededExamples, int testExamples, long seed) {

        public static Options defaults() {
            return new Options(true, 64, 256, 42);
        }

        public Options withoutVerification() {
            return new Options(false, seededExamples, testExamples, seed);
        }
    }

    /** The file written, its size, and the comparison with ONNX Runtime when it ran. */
    public record Result(Path file, long bytes, Optional<Verification> verification) {

        /** The line every front end prints for the verification ({@code nnc export}, the Maven goal). */
        public Optional<String> verified() {
            return verification.map(v -> "verified in ONNX Runtime: " + v.describe());
        }

        /** The line every front end prints for the file: {@code wrote model.onnx (1,234 bytes, ONNX opset 17, IR 8)}. */
        public String written() {
            return String.format(Locale.ROOT, "wrote %s (%,d bytes, ONNX opset %d, IR %d)", file, bytes, OPSET,
                    IR_VERSION);
        }
    }

    /** The model as ONNX bytes (a serialized ModelProto), with the checkpoint's preprocessing in the graph. */
    public static byte[] toBytes(Model model) {
        return OnnxExporter.build(model.graph(), model.parameters(), model.preprocessing()).toByteArray();
    }

    /**
     * Builds the ONNX model, verifies it (unless told not to) and only then writes it atomically.
     *
     * @throws OnnxException if a layer cannot be exported, ONNX Runtime rejects the model, its outputs differ
     *                       from nnc's beyond the tolerance of {@link Verification}, or the file cannot be written
     */
    public static Result export(Model model, Path out, Options options) {
        byte[] bytes = toBytes(model);
        Optional<Verification> v = Optional.empty();
        if (options.verify()) {
            Verification check = OnnxVerifier.verify(bytes, model, options.seededExamples(), options.testExamples(),
                    options.seed());
            if (!check.passed()) {
                throw new OnnxException("ONNX Runtime's outputs differ from nnc's beyond the tolerance, so " + out
                        + " was not written: " + check.describe());
            }
            v = Optional.of(check);
        }
        try {
            AtomicFiles.write(out, bytes);
        } catch (IOException e) {
            throw new OnnxException("cannot write " + out + ": " + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        return new Result(out, bytes.length, v);
    }

    /**
     * Compiles {@code nnFile}, loads {@code checkpoint} into it and exports: what a build-tool goal calls.
     *
     * @throws dev.nnc.api.CompilationException if the model has errors (the message is the rendered diagnostics)
     * @throws dev.nnc.train.CheckpointException if the checkpoint cannot be read or does not fit the model
     * @throws OnnxException                     as {@link #export(Model, Path, Options)}
     */
    public static Result export(Path nnFile, CompileOptions compile, Path checkpoint, Path out, Options options) {
        CompileResult r = Nnc.compile(nnFile, compile);
        return export(r.orThrow().graph(), checkpoint, out, options);
    }

    /**
     * Loads {@code checkpoint} into a compiled graph (at the precision its train block sets) and exports: the
     * one door for front ends that compile the model themselves to report its diagnostics their own way
     * ({@code nnc export}, the Maven plugin's {@code export} goal).
     *
     * @throws dev.nnc.train.CheckpointException if the checkpoint cannot be read or does not fit the model
     * @throws OnnxException                     as {@link #export(Model, Path, Options)}
     */
    public static Result export(LayerGraph graph, Path checkpoint, Path out, Options options) {
        Model model = Model.load(graph, graph.train().precision(), checkpoint);
        return export(model, out, options);
    }
}
