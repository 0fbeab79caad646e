package dev.nnc.data;

import dev.nnc.graph.Shape;
import dev.nnc.io.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code cifar10(dir, validation = 5000)}: the CIFAR-10 binary version (Krizhevsky 2009),
 * {@code data_batch_1.bin .. data_batch_5.bin} and {@code test_batch.bin}, each a sequence of 3073-byte
 * records: one label byte (0..9), then 3×32×32 pixel bytes, channel-major (all red, all green, all blue),
 * rows top to bottom. A {@code dir} that holds the tarball's {@code cifar-10-batches-bin/} folder also works.
 */
final class Cifar10Kind implements DataKind {

    static final int CLASSES = 10;
    static final Shape SHAPE = Shape.of(3, 32, 32);
    static final int PIXELS = 3 * 32 * 32;
    static final int RECORD = 1 + PIXELS;
    static final String SUBFOLDER = "cifar-10-batches-bin";

    @Override
    public String name() {
        return "cifar10";
    }

    @Override
    public List<DataArgument> arguments() {
        return List.of(DataArgument.required("dir", "String"));
    }

    @Override
    public Number defaultValidation() {
        return 5000;
    }

    @Override
    public Loaded load(DataArgs args, int limit) {
        Path dir = args.path("dir");
        DataFiles.requireDirectory(dir);
        if (!Files.exists(dir.resolve("data_batch_1.bin")) && Files.isDirectory(dir.resolve(SUBFOLDER))) {
            dir = dir.resolve(SUBFOLDER);
        }
        List<Path> train = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            train.add(dir.resolve("data_batch_" + i + ".bin"));
        }
        return new Loaded(read(train, limit, "data_batch_*.bin"),
                Optional.of(read(List.of(dir.resolve("test_batch.bin")), Integer.MAX_VALUE, "test_batch.bin")));
    }

    /** Reads the first {@code limit} records of the files, in order, into one byte-pixel data set. */
    static Dataset read(List<Path> files, int limit, String name) {
        long total = 0;
        for (Path f : files) {
            DataFiles.requireFile(f);
            long size = size(f);
            if (size > ReadLimits.MAX_DATA_BYTES) {
                throw new DataException(f + ": larger than " + ReadLimits.describe(ReadLimits.MAX_DATA_BYTES)
                        + ", the limit for " + DataFiles.LIMIT_NAME);
            }
            if (size % RECORD != 0 || size == 0) {
                throw new DataException(String.format("%s: size %d bytes is not a whole number of %d-byte "
                        + "CIFAR-10 records (1 label byte + 3×32×32 pixels); the file is truncated or not "
                        + "CIFAR-10 binary", f, size, RECORD));
            }
            total += size / RECORD;
        }
        int n = (int) Math.min(total, limit);
        if ((long) n * PIXELS > Integer.MAX_VALUE - 8) {
            throw new DataException(String.format("%s: %d records are too many to load (%d bytes of pixels; pass "
                    + "--limit)", name, n, (long) n * PIXELS));
        }
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        byte[] record = new byte[RECORD];
        int i = 0;
        for (Path f : files) {
            try (InputStream in = DataFiles.open(f)) {
                for (int r = 0; i < n && r < size(f) / RECORD; r++, i++) {
                    DataFiles.readFully(in, record, f, "record " + r);
                    labels[i] = record[0] & 0xFF;
                    if (labels[i] >= CLASSES) {
                        throw new DataException(String.format("%s: record %d has label %d, outside the 10 "
                                + "classes 0..9", f, r, labels[i]));
                    }
                    System.arraycopy(record, 1, pixels, i * PIXELS, PIXELS);
                }
            } catch (IOException e) {
                throw DataFiles.failure(f, e);
            }
        }
        return Dataset.ofBytes(name, SHAPE, pixels, labels, CLASSES);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            throw DataFiles.failure(f, e);
        }
    }
}
