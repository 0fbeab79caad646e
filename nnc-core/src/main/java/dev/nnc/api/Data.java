package dev.nnc.api;

import dev.nnc.data.DataLoader;
import dev.nnc.data.augment.AugmentPreview;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.InputFiles;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.RunFileException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Writes {@code png}: the first {@code rows} training examples of the data set {@code config} names (none
     * held out), each followed by {@code columns} copies through its {@code augment} chain, seeded by its seed.
     *
     * @return how many examples the grid shows
     * @throws IllegalArgumentException if the examples are not images or there is no augmentation
     * @throws dev.nnc.data.DataException for any problem with the data
     * @throws dev.nnc.io.RunFileException if the file cannot be written
     */
    public static int previewAugmentation(TrainConfig config, int rows, int columns, Path png) {
        DataSpec d = config.data().orElseThrow(() -> new IllegalArgumentException("the model names no data"));
        Map<String, Object> args = new LinkedHashMap<>(d.args());
        args.put(DataLoader.VALIDATION, 0);
        DataSplits splits = DataLoader.load(new DataSpec(d.kind(), args, d.baseDir()), LoadOptions.limit(rows));
        BufferedImage img = AugmentPreview.grid(splits.train(), config.augment(), rows, columns,
                config.seed().orElse(0));
        try {
            AugmentPreview.writePng(img, png);
        } catch (IOException e) {
            throw RunFileException.cannotWrite(png, e);
        }
        return Math.min(rows, splits.train().count());
    }

    /** Examples read from a file, and what was adjusted to fit them (resized, converted to grey...). */
    public record Inputs(Dataset data, List<String> warnings) {
        public Inputs {
            warnings = List.copyOf(warnings);
        }
    }
}
