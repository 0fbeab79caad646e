package dev.nnc.ops;

import java.util.Map;

/** Registers this group's operators with {@link OperatorRegistry}. */
final class ActivationNormLossOps {

    private ActivationNormLossOps() {
    }

    static void registerAll(Map<String, OperatorFactory> registry) {
    }
}
