package dev.nnc.data;

import dev.nnc.graph.Shape;
import dev.nnc.io.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic number {@code 00 00 type ndim},
 * {@code ndim} big-endian int32 dimensions, then the data row-major. Only unsigned bytes (type 0x08) are
 * read, which is what image and label files use. Gzipped or not.
 *
 * @param dims  the dimensions from the header; dims[0] is the number of items
 * @param data  the first {@code count} items' bytes (fewer than dims[0] when a limit was applied)
 * @param count the number of items read
 */
record IdxFile(Path path, int[] dims, byte[] data, int count) {

    static final int UNSIGNED_BYTE = 0x08;

    /** Reads the whole file, or only the first {@code limit} items. */
    static IdxFile read(Path path, int limit) {
        try (InputStream in = DataFiles.open(path)) {
            byte[] magic = new byte[4];
            DataFiles.readFully(in, magic, path, "IDX header");
            int type = magic[2] & 0xFF;
            int ndim = magic[3] & 0xFF;
            if (magic[0] != 0 || magic[1] != 0 || ndim == 0 || ndim > 4) {
                throw new DataException(String.format("%s: not an IDX file: magic number 0x%02X%02X%02X%02X "
                        + "(expected 0x0000, a type byte and 1 to 4 dimensions, e.g. 0x00000803 for images)",
                        path, magic[0], magic[1], magic[2], magic[3]));
            }
            if (type != UNSIGNED_BYTE) {
                throw new DataException(String.format("%s: IDX data type 0x%02X is not supported; nnc reads "
                        + "unsigned-byte IDX files (type 0x08)", path, type));
            }
            byte[] header = new byte[4 * ndim];
            DataFiles.readFully(in, header, path, "IDX dimensions");
            int[] dims = new int[ndim];
            for (int i = 0; i < ndim; i++) {
                dims[i] = ((header[4 * i] & 0xFF) << 24) | ((header[4 * i + 1] & 0xFF) << 16)
                        | ((header[4 * i + 2] & 0xFF) << 8) | (header[4 * i + 3] & 0xFF);
                if (dims[i] < (i == 0 ? 0 : 1)) {
                    throw new DataException(path + ": invalid IDX dimensions " + describe(dims, i + 1));
                }
            }
            long itemSize = 1;
            long total;
            try {
                for (int i = 1; i < ndim; i++) {
                    itemSize = Math.multiplyExact(itemSize, dims[i]);
                }
                total = Math.multiplyExact(dims[0], itemSize);
            } catch (ArithmeticException e) {
                // four dimensions of 2^31 make 2^124 bytes: the header is corrupt
                throw new DataException(String.format("%s: invalid IDX header: %s is more bytes than any file holds",
                        path, describe(dims, ndim)));
            }
            if (total > ReadLimits.MAX_DATA_BYTES) {
                throw new DataException(String.format("%s: the IDX header declares %s = %,d bytes of data; the "
                        + "limit for a data file is %s", path, describe(dims, ndim), total,
                        ReadLimits.describe(ReadLimits.MAX_DATA_BYTES)));
            }
            boolean gz = DataFiles.isGzip(path);
            if (!gz) {
                long actual = Files.size(path) - 4L - 4L * ndim;
                if (actual != total) {
                    throw new DataException(String.format("%s: size mismatch: the header declares %s = %d bytes "
                            + "of data, but the file holds %d", path, describe(dims, ndim), total, actual));
                }
            }
            int count = limit < dims[0] ? Math.max(0, limit) : dims[0];
            long bytes = count * itemSize;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new DataException(String.format("%s: %s is too large to load (%d bytes)", path,
                        describe(dims, ndim), bytes));
            }
            String what = "data for " + describe(dims, ndim);
            // a gzip stream's length is known only once it is read: let the memory follow the data that arrives
            byte[] data = gz ? DataFiles.readGrowing(in, (int) bytes, path, what) : new byte[(int) bytes];
            if (!gz) {
                DataFiles.readFully(in, data, path, what);
            }
            if (count == dims[0] && !DataFiles.atEnd(in, path)) {
                throw new DataException(String.format("%s: size mismatch: more data than the header's %s "
                        + "(%d bytes)", path, describe(dims, ndim), total));
            }
            return new IdxFile(path, dims, data, count);
        } catch (IOException e) {
            throw DataFiles.failure(path, e);
        }
    }

    /** An image file: (n, H, W) gives examples of (1, H, W), (n, C, H, W) gives (C, H, W), (n, D) gives (D). */
    static IdxFile readImages(Path path, int limit) {
        IdxFile f = read(path, limit);
        if (f.dims.length < 2) {
            throw new DataException(String.format("%s: expected an image file with 2 to 4 dimensions, found %s "
                    + "(is it a label file?)", path, describe(f.dims, f.dims.length)));
        }
        return f;
    }

    /** A label file: one dimension. */
    static IdxFile readLabels(Path path, int limit) {
        IdxFile f = read(path, limit);
        if (f.dims.length != 1) {
            throw new DataException(String.format("%s: expected a label file with 1 dimension, found %s "
                    + "(is it an image file?)", path, describe(f.dims, f.dims.length)));
        }
        return f;
    }

    Shape exampleShape() {
        return switch (dims.length) {
            case 2 -> Shape.of(dims[1]);
            case 3 -> Shape.of(1, dims[1], dims[2]);
            default -> Shape.of(dims[1], dims[2], dims[3]);
        };
    }

    int[] labels() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = data[i] & 0xFF;
        }
        return out;
    }

    private static String describe(int[] dims, int n) {
        return Arrays.stream(dims, 0, n).mapToObj(String::valueOf).collect(Collectors.joining("×", "[", "]"));
    }

    /**
     * Loads an image file and its label file as one data set, checking that they hold as many items.
     *
     * @param numClasses the classes of a known data set, or 0 to take the largest label + 1
     */
    static Dataset load(Path images, Path labels, int limit, int numClasses) {
        IdxFile lab = readLabels(labels, limit);
        IdxFile img = readImages(images, limit);
        if (img.dims[0] != lab.dims[0]) {
            throw new DataException(String.format("%s has %d images but %s has %d labels", images, img.dims[0],
                    labels, lab.dims[0]));
        }
        int[] y = lab.labels();
        int classes = numClasses;
        if (classes == 0) {
            for (int v : y) {
                classes = Math.max(classes, v + 1);
            }
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classes) {
                throw new DataException(String.format("%s: label %d of item %d is outside the %d classes 0..%d",
                        labels, y[i], i, classes, classes - 1));
            }
        }
        return Dataset.ofBytes(images.getFileName().toString(), img.exampleShape(), img.data, y, classes);
    }
}
