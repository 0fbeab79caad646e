package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingTest {

    @TempDir
    Path dir;

    /** 4 training examples of (2, 1, 2) then 2 validation examples far from them; and 1 test example. */
    private DataSplits load(String normalize) throws IOException {
        byte[] train = {
            10, 20, 30, 40,
            20, 20, 50, 40,
            30, 20, 70, 40,
            40, 20, 90, 40,
            (byte) 250, (byte) 250, (byte) 250, (byte) 250,
            (byte) 200, (byte) 200, (byte) 200, (byte) 200,
        };
        TestFiles.write(dir.resolve("i"), TestFiles.idx(new int[] {6, 2, 1, 2}, train));
        TestFiles.write(dir.resolve("l"), TestFiles.idx(new int[] {6}, new byte[6]));
        TestFiles.write(dir.resolve("ti"), TestFiles.idx(new int[] {1, 2, 1, 2}, new byte[] {0, 51, 102, (byte) 255}));
        TestFiles.write(dir.resolve("tl"), TestFiles.idx(new int[] {1}, new byte[1]));
        return DataLoader.load(TestFiles.spec("idx", dir, "images", "i", "labels", "l", "testImages", "ti",
                "testLabels", "tl", "validation", 2, "normalize", normalize), LoadOptions.all());
    }

    @Test
    void meanIsPerFeatureOverTheTrainingSplitOnly() throws IOException {
        DataSplits s = load("mean");
        Preprocessing p = s.preprocessing();
        assertEquals(Normalization.MEAN, p.normalization());
        // by hand, over the first four examples only, in [0, 1] units
        double[] mean = {25 / 255.0, 20 / 255.0, 60 / 255.0, 40 / 255.0};
        assertArrayEquals(mean, p.mean(), 1e-15);
        assertEquals(p, s.validation().preprocessing());
        assertEquals(p, s.test().orElseThrow().preprocessing());
        assertEquals((float) (250 / 255.0 - mean[0]), s.validation().example(0)[0], 1e-6f);
        assertEquals((float) (255 / 255.0 - mean[3]), s.test().get().example(0)[3], 1e-6f);
        assertEquals((float) (10 / 255.0 - mean[0]), s.train().example(0)[0], 1e-6f);
    }

    @Test
    void channelMeans() throws IOException {
        Preprocessing p = load("channel").preprocessing();
        assertArrayEquals(new double[] {(25 + 20) / 2.0 / 255.0, (60 + 40) / 2.0 / 255.0}, p.mean(), 1e-15);
        assertEquals(22.5 / 255.0, p.meanOf(1), 1e-15);
        assertEquals(50 / 255.0, p.meanOf(2), 1e-15);
    }

    @Test
    void standardizeDividesByThePopulationStdAndLeavesConstantFeaturesUnscaled() throws IOException {
        DataSplits s = load("standardize");
        Preprocessing p = s.preprocessing();
        double std0 = Math.sqrt((15 * 15 + 5 * 5 + 5 * 5 + 15 * 15) / 4.0) / 255.0;
        double std2 = Math.sqrt((30 * 30 + 10 * 10 + 10 * 10 + 30 * 30) / 4.0) / 255.0;
        assertArrayEquals(new double[] {std0, 1.0, std2, 1.0}, p.std(), 1e-15);
        assertEquals((float) ((10 / 255.0 - 25 / 255.0) / std0), s.train().example(0)[0], 1e-5f);
        assertEquals((float) (250 / 255.0 - 20 / 255.0), s.validation().example(0)[1], 1e-6f);
    }

    @Test
    void noneOnlyScales() throws IOException {
        DataSplits s = load("none");
        assertEquals(Preprocessing.none(Shape.of(2, 1, 2), Preprocessing.PIXEL_SCALE), s.preprocessing());
        assertEquals(200 / 255f, s.validation().example(1)[2], 1e-7f);
    }

    @Test
    void jsonRoundTripIsExact() throws IOException {
        for (String n : new String[] {"none", "mean", "channel", "standardize"}) {
            Preprocessing p = load(n).preprocessing();
            Preprocessing back = Preprocessing.fromJson(p.toJson());
            assertEquals(p, back, n);
            assertEquals(p.toJson(), back.toJson());
        }
        // awkward doubles survive bit for bit
        Preprocessing odd = new Preprocessing(Normalization.STANDARDIZE, 1.0 / 3, java.util.List.of(2),
                new double[] {Math.PI / 7, -1e-300}, new double[] {Double.MIN_VALUE, 1 / 3.0});
        assertEquals(odd, Preprocessing.fromJson(odd.toJson()));
    }

    @Test
    void badJsonIsADataException() {
        for (String json : new String[] {"", "{}", "[1]", "{\"normalization\":\"mean\"}",
                "{\"normalization\":\"zscore\",\"scale\":1,\"shape\":[1],\"mean\":[],\"std\":[]}",
                "{\"normalization\":\"mean\",\"scale\":1,\"shape\":[2],\"mean\":[0],\"std\":[]}",
                "{\"normalization\":\"none\",\"scale\":1,\"shape\":[2]}",
                "{\"normalization\":\"none\",\"scale\":\"x\",\"shape\":[2],\"mean\":[],\"std\":[]}",
                "{\"normalization\":\"none\",\"scale\":1,\"shape\":[2.5],\"mean\":[],\"std\":[]}",
                "{\"normalization\":\"mean\",\"scale\":1,\"shape\":[1],\"mean\":[\"a\"],\"std\":[]}",
                "{\"normalization\":7,\"scale\":1,\"shape\":[1],\"mean\":[0],\"std\":[]}",
                "null", "{\"normalization\":"}) {
            DataException e = assertThrows(DataException.class, () -> Preprocessing.fromJson(json), json);
            assertTrue(e.getMessage().startsWith("preprocessing metadata"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        }
    }
}
