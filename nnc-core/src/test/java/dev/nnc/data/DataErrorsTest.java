package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad data is a {@link DataException} whose message names the file and the problem. */
class DataErrorsTest {

    @TempDir
    Path dir;

    private void assertFails(DataSpec spec, String... fragments) {
        assertFails(spec, LoadOptions.all(), fragments);
    }

    private void assertFails(DataSpec spec, LoadOptions options, String... fragments) {
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(spec, options));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    private DataSpec idx(String images, String labels) {
        return TestFiles.spec("idx", dir, "images", images, "labels", labels);
    }

    private void goodLabels() throws IOException {
        TestFiles.write(dir.resolve("labels"), TestFiles.idx(new int[] {3}, new byte[] {0, 1, 2}));
    }

    @Test
    void missingFile() throws IOException {
        goodLabels();
        assertFails(idx("nope.idx", "labels"), "nope.idx", "file not found");
        assertFails(TestFiles.spec("mnist", dir, "dir", "absent"), "absent", "directory not found");
        assertFails(TestFiles.spec("mnist", dir, "dir", "."), "no train-images-idx3-ubyte");
        assertFails(TestFiles.spec("csv", dir, "path", "x.csv"), "x.csv", "file not found");
    }

    @Test
    void directoryKindsReportAMissingDirectoryOrAFileTheSameWay() throws IOException {
        TestFiles.write(dir.resolve("plain"), "x");
        for (String kind : new String[] {"mnist", "cifar10"}) {
            assertFails(TestFiles.spec(kind, dir, "dir", "absent"), dir.resolve("absent") + ": directory not found");
            assertFails(TestFiles.spec(kind, dir, "dir", "plain"), dir.resolve("plain") + ": not a directory");
        }
    }

    @Test
    void truncatedRawIdx() throws IOException {
        goodLabels();
        byte[] full = TestFiles.idx(new int[] {3, 2, 2}, TestFiles.pixels(3, 4));
        TestFiles.write(dir.resolve("short"), Arrays.copyOf(full, full.length - 1));
        assertFails(idx("short", "labels"), "short", "size mismatch", "[3×2×2] = 12 bytes", "holds 11");
        TestFiles.write(dir.resolve("long"), Arrays.copyOf(full, full.length + 1));
        assertFails(idx("long", "labels"), "long", "size mismatch");
        TestFiles.write(dir.resolve("header"), Arrays.copyOf(full, 6));
        assertFails(idx("header", "labels"), "header", "truncated");
    }

    @Test
    void truncatedAndCorruptGzip() throws IOException {
        goodLabels();
        byte[] gz = TestFiles.gzip(TestFiles.idx(new int[] {3, 2, 2}, TestFiles.pixels(3, 4)));
        TestFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertFails(idx("cut.gz", "labels"), "cut.gz", "truncated");
        byte[] bad = gz.clone();
        for (int i = 12; i < bad.length - 8; i++) {
            bad[i] ^= (byte) 0x5A;
        }
        TestFiles.write(dir.resolve("bad.gz"), bad);
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(idx("bad.gz", "labels"),
                LoadOptions.all()));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.gz") + ": "), e.getMessage());
        // a gzipped stream with extra data past the header's size
        TestFiles.write(dir.resolve("extra.gz"), TestFiles.gzip(TestFiles.idx(new int[] {3, 2, 2},
                TestFiles.pixels(4, 4))));
        assertFails(idx("extra.gz", "labels"), "extra.gz", "size mismatch", "more data than the header");
    }

    @Test
    void wrongMagicNumberOrType() throws IOException {
        goodLabels();
        TestFiles.write(dir.resolve("text.idx"), "hello, world");
        assertFails(idx("text.idx", "labels"), "text.idx", "not an IDX file", "magic number 0x68656C6C");
        byte[] floats = TestFiles.idx(new int[] {3, 1}, new byte[3]);
        floats[2] = 0x0D;
        TestFiles.write(dir.resolve("floats.idx"), floats);
        assertFails(idx("floats.idx", "labels"), "floats.idx", "data type 0x0D is not supported");
        assertFails(idx("labels", "labels"), "labels", "expected an image file");
        TestFiles.write(dir.resolve("img"), TestFiles.idx(new int[] {3, 1}, new byte[3]));
        assertFails(idx("img", "img"), "img", "expected a label file");
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        goodLabels();
        TestFiles.write(dir.resolve("img4"), TestFiles.idx(new int[] {4, 2}, new byte[8]));
        assertFails(idx("img4", "labels"), "img4 has 4 images", "labels has 3 labels");
    }

    @Test
    void labelOutsideTheClasses() throws IOException {
        TestFiles.mnistDir(dir, 3, 1, 1, 1, false, "-");
        TestFiles.write(dir.resolve("train-labels-idx1-ubyte"), TestFiles.idx(new int[] {3}, new byte[] {1, 10, 2}));
        assertFails(TestFiles.spec("mnist", dir, "dir", "."), "train-labels-idx1-ubyte", "label 10 of item 1",
                "outside the 10 classes");
    }

    @Test
    void cifarTruncatedOrBadLabel() throws IOException {
        Path c = dir.resolve("cifar");
        Cifar10LoaderTest.writeCifar(c, 2, 1);
        byte[] one = Files.readAllBytes(c.resolve("data_batch_3.bin"));
        TestFiles.write(c.resolve("data_batch_3.bin"), Arrays.copyOf(one, one.length - 100));
        assertFails(TestFiles.spec("cifar10", dir, "dir", "cifar", "validation", 0), "data_batch_3.bin",
                "not a whole number of 3073-byte");
        one[3073] = 10;
        TestFiles.write(c.resolve("data_batch_3.bin"), one);
        assertFails(TestFiles.spec("cifar10", dir, "dir", "cifar", "validation", 0), "data_batch_3.bin",
                "record 1 has label 10");
        one[3073] = 1;
        TestFiles.write(c.resolve("data_batch_3.bin"), one);
        Files.delete(c.resolve("test_batch.bin"));
        assertFails(TestFiles.spec("cifar10", dir, "dir", "cifar"), "test_batch.bin", "file not found");
    }

    @Test
    void csvProblems() throws IOException {
        TestFiles.write(dir.resolve("nan.csv"), "a,b,label\n1,2,0\n3,x7,1\n");
        assertFails(TestFiles.spec("csv", dir, "path", "nan.csv"), "nan.csv:3:2: 'x7' is not a number (column 'b')");
        TestFiles.write(dir.resolve("inf.csv"), "a,label\n1,0\nInfinity,1\n");
        assertFails(TestFiles.spec("csv", dir, "path", "inf.csv"), "inf.csv:3:1", "not a finite number");
        TestFiles.write(dir.resolve("nolabel.csv"), "x,y,z\n1,2,3\n");
        assertFails(TestFiles.spec("csv", dir, "path", "nolabel.csv"), "nolabel.csv",
                "no column 'label'; the columns are: x, y, z");
        TestFiles.write(dir.resolve("ragged.csv"), "a,b,label\n1,2,0\n\n3,1\n");
        assertFails(TestFiles.spec("csv", dir, "path", "ragged.csv"), "ragged.csv:4: 2 cells",
                "header has 3 columns");
        TestFiles.write(dir.resolve("empty.csv"), "\n");
        assertFails(TestFiles.spec("csv", dir, "path", "empty.csv"), "empty.csv", "empty file");
        TestFiles.write(dir.resolve("train.csv"), "a,b,label\n1,2,0\n3,4,1\n");
        TestFiles.write(dir.resolve("test.csv"), "b,a,label\n1,2,0\n");
        assertFails(TestFiles.spec("csv", dir, "path", "train.csv", "test", "test.csv"), "test.csv",
                "feature columns [b, a] differ from the training file's [a, b]");
    }

    @Test
    void validationAsLargeAsTheTrainingSet() throws IOException {
        TestFiles.mnistDir(dir, 10, 1, 1, 1, false, "-");
        assertFails(TestFiles.spec("mnist", dir, "dir", "."), "mnist(dir = \".\")",
                "validation split (5000 examples) must be smaller than the 10 training examples");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "validation", 10), "(10 examples)");
        // under --limit a count that no longer fits is scaled to a tenth (issue 15), with a note
        DataSplits limited = DataLoader.load(TestFiles.spec("mnist", dir, "dir", ".", "validation", 4),
                LoadOptions.limit(4));
        org.junit.jupiter.api.Assertions.assertEquals(1, limited.validation().count());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("validation = 4 does not fit the 4 training "
                + "examples --limit 4 leaves; holding out 1 (a tenth) instead"), limited.notes());
        assertFails(TestFiles.spec("mnist", dir, "dir", "."), "the 10 training examples; hold out fewer: "
                + "mnist(dir = \".\", validation = 1), or a fraction: mnist(dir = \".\", validation = 0.1)");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "validation", 1.0), "validation = 1.0",
                "strictly between 0 and 1");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "validation", -1), "must not be negative");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "validation", 0.99), "(10 examples)");
    }

    @Test
    void badSpecs() throws IOException {
        assertFails(TestFiles.spec("imagenet", dir), "unknown data kind 'imagenet'",
                "fashionMnist, mnist, idx, cifar10, csv");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "shuffle", true), "unknown argument 'shuffle'",
                "mnist takes dir, normalize, validation");
        assertFails(TestFiles.spec("mnist", dir), "missing required argument 'dir'");
        assertFails(TestFiles.spec("mnist", dir, "dir", 3), "argument 'dir' must be a String");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "validation", "all"), "must be an Int or a Double");
        TestFiles.mnistDir(dir, 10, 1, 1, 1, false, "-");
        assertFails(TestFiles.spec("mnist", dir, "dir", ".", "normalize", "zscore"), "normalize = \"zscore\"",
                "\"none\", \"mean\", \"channel\", \"standardize\"");
    }
}
