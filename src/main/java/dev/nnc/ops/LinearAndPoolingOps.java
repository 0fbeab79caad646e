package dev.nnc.ops;

import java.util.Map;

/** Registers this group's operators with {@link OperatorRegistry}. */
final class LinearAndPoolingOps {

    private LinearAndPoolingOps() {
    }

    static void registerAll(Map<String, OperatorFactory> registry) {
    }
}
