package dev.nnc.api;

import dev.nnc.data.DataLoader;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.InputFiles;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import java.nio.file.Path;
import java.util.List;

/** Data for a model: the data set its train block names (docs/data.md), and files to predict on. */
public final class Data {

    private Data() {
    }

    /**
     * The train/validation/test splits of a {@code data = kind(...)} spec, e.g. {@code graph.train().data()}.
     *
     * @throws dev.nnc.data.DataException for an unknown kind, a bad argument or any problem with the files
     */
    public static DataSplits load(DataSpec spec, LoadOptions options) {
        return DataLoader.load(spec, options);
    }

    /** The splits of the data set the model's train block names. */
    public static DataSplits load(LayerGraph graph, LoadOptions options) {
        return load(graph.train().data().orElseThrow(
                () -> new IllegalArgumentException("model " + graph.model() + " names no data")), options);
    }

    /**
     * Examples to predict on from a PNG/JPEG image, an IDX file or a CSV file, fitted to {@code inputShape}.
     *
     * @throws dev.nnc.data.DataException if the file cannot be read or does not fit
     */
    public static Inputs readInputs(Path file, Shape inputShape) {
        InputFiles.Inputs in = InputFiles.read(file, inputShape);
        return new Inputs(in.data(), in.warnings());
    }

    /** Examples read from a file, and what was adjusted to fit them (resized, converted to grey...). */
    public record Inputs(Dataset data, List<String> warnings) {
        public Inputs {
            warnings = List.copyOf(warnings);
        }
    }
}
