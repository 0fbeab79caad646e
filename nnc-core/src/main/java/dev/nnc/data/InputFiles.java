package dev.nnc.data;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Inputs for {@code nnc predict}, by content (not by name): a PNG or JPEG picture (one example, see
 * {@link ImageInput}), an IDX image file, gzipped or not (every image), or else a numeric CSV file (every
 * row; a column named {@code label} is kept as the labels and not used as a feature). The returned data set
 * holds raw values; see it through the model's preprocessing with {@link Dataset#withPreprocessing}.
 *
 * <p>The examples must have the model's input shape, or its size when the model's input is a vector (D) or
 * the file is a CSV file (whose rows are always flat; they are read row-major into the input shape).
 */
public final class InputFiles {

    /** @param warnings conversions made to fit the model (image inputs only) */
    public record Inputs(Dataset data, List<String> warnings) {
        public Inputs {
            warnings = List.copyOf(warnings);
        }
    }

    public static final String LABEL_COLUMN = "label";

    private InputFiles() {
    }

    /** @throws DataException for a missing or unreadable file, or examples that do not fit {@code inputShape} */
    public static Inputs read(Path path, Shape inputShape) {
        DataFiles.requireFile(path);
        byte[] head = head(path);
        if (isImage(head)) {
            ImageInput.Image img = ImageInput.read(path, inputShape);
            return new Inputs(Dataset.ofFloats(path.getFileName().toString(), img.shape(), img.pixels(), null, null,
                    0), img.warnings());
        }
        if (isIdx(head) || DataFiles.isGzip(path)) {
            IdxFile f = IdxFile.readImages(path, Integer.MAX_VALUE);
            Dataset idx = Dataset.ofBytes(path.getFileName().toString(), f.exampleShape(), f.data(), null, 0);
            checkFits(path, idx.exampleShape(), inputShape, false);
            return new Inputs(idx, List.of());
        }
        boolean labelled = CsvFile.featureColumns(path, "").contains(LABEL_COLUMN);
        Dataset csv = CsvFile.read(path, labelled ? Optional.of(LABEL_COLUMN) : Optional.empty(), Integer.MAX_VALUE,
                Optional.empty());
        checkFits(path, csv.exampleShape(), inputShape, true);
        return new Inputs(csv.exampleShape().equals(inputShape) ? csv : csv.withExampleShape(inputShape), List.of());
    }

    private static void checkFits(Path path, Shape examples, Shape inputShape, boolean flatFile) {
        boolean sameSize = examples.size() == inputShape.size();
        if (examples.equals(inputShape) || sameSize && (flatFile || inputShape.rank() == 1)) {
            return;
        }
        String have = examples.rank() == 1 ? "have " + examples.size() + " features" : "are " + examples;
        throw new DataException(path + ": examples " + have + "; the model needs " + inputShape);
    }

    private static byte[] head(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(8);
        } catch (IOException e) {
            throw DataFiles.failure(path, e);
        }
    }

    private static boolean isImage(byte[] h) {
        boolean png = h.length >= 4 && (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G';
        boolean jpeg = h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 && (h[2] & 0xFF) == 0xFF;
        return png || jpeg;
    }

    private static boolean isIdx(byte[] h) {
        return h.length >= 4 && h[0] == 0 && h[1] == 0 && (h[2] & 0xFF) == IdxFile.UNSIGNED_BYTE;
    }
}
