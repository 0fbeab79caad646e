package dev.nnc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpTextTest {

    private static List<String> texts(String body) {
        LayerGraph g = Nnc.compileString("t.nn", "model M {\n" + body + "\n}\n", CompileOptions.defaults())
                .orThrow().graph();
        return g.nodes().stream().map(OpText::of).toList();
    }

    @Test
    void requiredArgumentsByPositionDefaultsOmittedOthersByName() {
        assertEquals(List.of("input(3, 8, 8)", "conv(4, 3)", "conv(2, 3, stride = 2, pad = 1, init = xavier)",
                        "maxpool", "avgpool(size = 1, stride = 2)", "flatten",
                        "affine(5, init = normal(std = 0.01), bias = false)", "relu"),
                texts("input(3, 8, 8)\nconv(4, 3) - conv(2, 3, stride = 2, pad = 1, init = xavier) - maxpool - "
                        + "avgpool(1, 2) - flatten - affine(5, init = normal(0.01), bias = false) - relu"));
    }

    @Test
    void layersWithOnlyDefaultsShowNoArguments() {
        assertEquals(List.of("input(6)", "dropout", "dropout(p = 0.1)", "leakyRelu(alpha = 0.2)", "layernorm",
                        "batchnorm(eps = 0.001)", "svm"),
                texts("input(6)\ndropout - dropout(0.1) - leakyRelu(0.2) - layernorm - batchnorm(eps = 1e-3) - svm"));
    }

    @Test
    void aliasesShowTheCanonicalName() {
        assertEquals(List.of("input(2)", "affine(3)", "affine(2)", "mse"), texts("input(2)\ndense(3) - linear(2) - mse"));
    }
}
