package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Precision;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private static PointwiseOpFixture.Built dropout(Precision precision, double p, int[] example) {
        return PointwiseOpFixture.build("dropout", precision, Map.of("p", p), example);
    }

    private static PointwiseOpFixture.Built small(Precision precision) {
        return dropout(precision, 0.4, new int[] {2, 3});
    }

    @Test
    void trainZeroesOrScalesEachUnit() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 40, 0.5, 2);
        double[] y = PointwiseOpFixture.forward(dropout(Precision.FLOAT64, 0.75, new int[] {40}),
                new int[] {1, 40}, x, Mode.TRAIN).toDoubleArray();
        int kept = 0;
        for (int i = 0; i < x.length; i++) {
            if (y[i] != 0) {
                assertEquals(4 * x[i], y[i], 1e-15, "a kept unit is scaled by 1/(1 - p)");
                kept++;
            }
        }
        assertTrue(kept > 0 && kept < x.length, "some units kept, some dropped: " + kept);
    }

    @Test
    void keptFractionAndMeanActivationAreWithinFourSigma() {
        double p = 0.3;
        int n = 200_000;
        double[] x = PointwiseOpFixture.uniform(new Rng(2), n, 0, 2);
        double[] y = PointwiseOpFixture.forward(dropout(Precision.FLOAT64, p, new int[] {n / 100}),
                new int[] {100, n / 100}, x, Mode.TRAIN).toDoubleArray();
        long kept = Arrays.stream(y).filter(v -> v != 0).count();
        // kept ~ Binomial(n, 1 - p).
        double sigmaKept = Math.sqrt(n * p * (1 - p));
        assertEquals(n * (1 - p), kept, 4 * sigmaKept, "kept count");
        // mean(y) - mean(x) = (1/n) Σ x_i (m_i/(1 - p) - 1), each term of variance x_i² p/(1 - p).
        double sumSquares = Arrays.stream(x).map(v -> v * v).sum();
        double sigmaMean = Math.sqrt(sumSquares * p / (1 - p)) / n;
        assertEquals(Arrays.stream(x).average().orElseThrow(), Arrays.stream(y).average().orElseThrow(),
                4 * sigmaMean, "mean activation");
    }

    @Test
    void inferIsTheIdentityAndDrawsNothing() {
        PointwiseOpFixture.Built b = small(Precision.FLOAT64);
        long before = b.ctx().rng().state();
        double[] x = PointwiseOpFixture.uniform(new Rng(3), 24, -1, 1);
        assertArrayEquals(x, PointwiseOpFixture.forward(b, new int[] {4, 2, 3}, x, Mode.INFER).toDoubleArray());
        assertEquals(before, b.ctx().rng().state());
    }

    @Test
    void zeroProbabilityIsTheIdentityInTraining() {
        PointwiseOpFixture.Built b = dropout(Precision.FLOAT64, 0.0, new int[] {3});
        double[] x = PointwiseOpFixture.uniform(new Rng(4), 12, -1, 1);
        assertArrayEquals(x, PointwiseOpFixture.forward(b, new int[] {4, 3}, x, Mode.TRAIN).toDoubleArray());
    }

    @Test
    void theSameGeneratorStateGivesTheSameMask() {
        PointwiseOpFixture.Built b = small(Precision.FLOAT64);
        double[] x = new double[60];
        Arrays.fill(x, 1);
        int[] shape = {10, 2, 3};
        long state = b.ctx().rng().state();
        double[] first = PointwiseOpFixture.forward(b, shape, x, Mode.TRAIN).toDoubleArray();
        double[] second = PointwiseOpFixture.forward(b, shape, x, Mode.TRAIN).toDoubleArray();
        assertFalse(Arrays.equals(first, second), "the generator moved on, so the next mask differs");
        b.ctx().rng().setState(state);
        assertArrayEquals(first, PointwiseOpFixture.forward(b, shape, x, Mode.TRAIN).toDoubleArray());
    }

    @Test
    void eachDrawOfTheGeneratorMasksTwoUnitsWithItsHalves() {
        PointwiseOpFixture.Built b = small(Precision.FLOAT64);
        Rng replay = new Rng(b.ctx().rng().state());
        double[] x = new double[30];
        Arrays.fill(x, 1);
        double[] y = PointwiseOpFixture.forward(b, new int[] {5, 2, 3}, x, Mode.TRAIN).toDoubleArray();
        for (int i = 0; i < x.length; i += 2) {
            long r = replay.nextLong();
            double high = (r >>> 32) * 0x1.0p-32;
            double low = (r & 0xFFFF_FFFFL) * 0x1.0p-32;
            assertEquals(high >= 0.4 ? 1 / 0.6 : 0.0, y[i], 1e-15, "unit " + i);
            assertEquals(low >= 0.4 ? 1 / 0.6 : 0.0, y[i + 1], 1e-15, "unit " + (i + 1));
        }
        assertEquals(replay.state(), b.ctx().rng().state(), "30 units take 15 draws");
    }

    @Test
    void float32MasksTheSameWayAndAnOddLastUnitTakesTheHighHalfOfAFreshDraw() {
        PointwiseOpFixture.Built b = dropout(Precision.FLOAT32, 0.5, new int[] {31});
        Rng replay = new Rng(b.ctx().rng().state());
        double[] x = new double[31];
        Arrays.fill(x, 1);
        double[] y = PointwiseOpFixture.forward(b, new int[] {1, 31}, x, Mode.TRAIN).toDoubleArray();
        long r = 0;
        for (int i = 0; i < x.length; i++) {
            if (i % 2 == 0) {
                r = replay.nextLong();
            }
            long u = i % 2 == 0 ? r >>> 32 : r & 0xFFFF_FFFFL;
            assertEquals(u >= 0x8000_0000L ? 2.0 : 0.0, y[i], "unit " + i);
        }
        assertEquals(replay.state(), b.ctx().rng().state(), "31 units take 16 draws");
    }

    @Test
    void probabilityOutsideTheRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> dropout(Precision.FLOAT64, 1.0, new int[] {3}));
        assertThrows(IllegalArgumentException.class, () -> dropout(Precision.FLOAT64, -0.1, new int[] {3}));
    }

    @Test
    void gradientMatchesFiniteDifferencesWithTheMaskReplayed() {
        double[] x = PointwiseOpFixture.uniform(new Rng(5), 24, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(small(Precision.FLOAT64), new int[] {4, 2, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void gradientMatchesFiniteDifferencesAtInference() {
        double[] x = PointwiseOpFixture.uniform(new Rng(6), 24, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(small(Precision.FLOAT64), new int[] {4, 2, 3}, x,
                Mode.INFER);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(7), 48, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(DropoutTest::small, new int[] {8, 2, 3}, x, Mode.TRAIN, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(DropoutTest::small, new int[] {2, 3}, Mode.TRAIN, null);
    }
}
