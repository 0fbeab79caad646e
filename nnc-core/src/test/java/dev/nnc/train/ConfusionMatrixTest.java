package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    // Ten examples of three classes; the pairs are (predicted, true).
    private static final int[] PREDICTED = {0, 0, 1, 1, 1, 2, 0, 2, 2, 1};
    private static final int[] ACTUAL = {0, 0, 0, 1, 1, 1, 2, 2, 2, 2};

    @Test
    void countsRowsByTrueClassAndColumnsByPrediction() {
        ConfusionMatrix m = ConfusionMatrix.of(3, PREDICTED, ACTUAL);
        // class 0: predicted 0, 0, 1; class 1: 1, 1, 2; class 2: 0, 2, 2, 1
        assertArrayEquals(new long[][] {{2, 1, 0}, {0, 2, 1}, {1, 1, 2}}, m.counts());
        assertEquals(10, m.total());
        assertEquals(6, m.correct());
        assertEquals(0.6, m.accuracy(), 1e-15);
        assertEquals(2.0 / 3, m.classAccuracy(0), 1e-15);
        assertEquals(2.0 / 3, m.classAccuracy(1), 1e-15);
        assertEquals(0.5, m.classAccuracy(2), 1e-15);
        assertEquals(4, m.support(2));
        assertEquals(1, m.count(2, 0));
    }

    @Test
    void emptyClassesHaveNoAccuracy() {
        ConfusionMatrix m = new ConfusionMatrix(2);
        assertTrue(Double.isNaN(m.accuracy()));
        m.add(1, 1);
        assertEquals(1.0, m.accuracy());
        assertTrue(Double.isNaN(m.classAccuracy(0)));
    }

    @Test
    void rejectsLabelsOutOfRange() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        assertEquals("predicted class 3 of 3", assertThrows(IllegalArgumentException.class, () -> m.add(3, 0))
                .getMessage());
        assertEquals("true class -1 of 3", assertThrows(IllegalArgumentException.class, () -> m.add(0, -1))
                .getMessage());
        assertEquals("2 predictions for 1 labels", assertThrows(IllegalArgumentException.class,
                () -> m.addAll(new int[2], new int[1])).getMessage());
    }

    @Test
    void rendersWithIndices() {
        assertEquals("""
                true\\pred  0  1  2     acc
                0          2  1  0   66.7%
                1          0  2  1   66.7%
                2          1  1  2   50.0%
                accuracy 6/10 = 60.0%
                """, ConfusionMatrix.of(3, PREDICTED, ACTUAL).render());
    }

    @Test
    void rendersWithNames() {
        ConfusionMatrix m = ConfusionMatrix.of(3, PREDICTED, ACTUAL);
        m.add(0, 0);
        for (int i = 0; i < 100; i++) {
            m.add(2, 2);
        }
        assertEquals("""
                true\\pred        0    1    2     acc
                0 T-shirt/top    3    1    0   75.0%
                1 Trouser        0    2    1   66.7%
                2 Pullover       1    1  102   98.1%
                accuracy 107/111 = 96.4%
                """, m.render(List.of("T-shirt/top", "Trouser", "Pullover")));
    }
}
