package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearAndPoolingOpsTest {

    @Test
    void registersEveryOperatorOfTheGroupByItsCatalogueName() {
        for (String op : List.of("affine", "conv", "maxpool", "avgpool", "flatten", "branch", "add")) {
            assertTrue(OperatorRegistry.lookup(op).isPresent(), op + " is not registered");
        }
    }
}
