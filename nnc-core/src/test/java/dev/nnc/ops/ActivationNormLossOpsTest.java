package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivationNormLossOpsTest {

    @Test
    void theLossLayersAreLossOperators() {
        for (String op : LayerGraph.LOSS_OPS) {
            Map<String, Object> args = op.equals("svm") ? Map.of("margin", 1.0)
                    : Map.of();
            assertInstanceOf(LossOperator.class,
                    PointwiseOpFixture.build(op, Precision.FLOAT64, args, new int[] {3}).op());
        }
    }
}
