package dev.nnc.ops;

import java.util.Map;

/** Registers this group's operators with {@link OperatorRegistry}: activations, normalization, dropout, losses. */
final class ActivationNormLossOps {

    private ActivationNormLossOps() {
    }

    static void registerAll(Map<String, OperatorFactory> registry) {
        registry.put("relu", Relu::new);
        registry.put("leakyRelu", LeakyRelu::new);
        registry.put("sigmoid", Sigmoid::new);
        registry.put("tanh", Tanh::new);
        registry.put("identity", Identity::new);
        registry.put("step", Step::new);
        registry.put("batchnorm", BatchNorm::new);
        registry.put("layernorm", LayerNorm::new);
        registry.put("dropout", Dropout::new);
        registry.put("softmax", Softmax::new);
        registry.put("svm", Svm::new);
        registry.put("mse", Mse::new);
    }
}
