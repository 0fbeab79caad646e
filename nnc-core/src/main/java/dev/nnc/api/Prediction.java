package dev.nnc.api;

import java.util.List;

/** The top classes of one input, most probable first. */
public record Prediction(int index, List<ClassScore> top) {

    public Prediction {
        top = List.copyOf(top);
    }

    /** A class, its name when known, and the model's probability (softmax) or score (svm) for it. */
    public record ClassScore(int label, String name, double probability) {
    }
}
