package dev.nnc.semantic;

/**
 * How the checker reports a train key that {@code nnc train} needs and a model lacks. Only {@code data} is such a
 * key: every other one has a default (docs/training.md), and nothing can be assumed about what a model learns
 * from. A model that is only compiled, exported or run on written weights needs no data, so {@code nnc compile}
 * does not report it; {@code nnc train} makes it an error; an editor shows it as a note with its fix.
 */
public enum TrainNeeds {
    /** {@code nnc compile} and the other commands that do not train: nothing reported. */
    UNCHECKED,
    /** An editor: a note on every trainable model of the file without data. */
    NOTE,
    /** {@code nnc train}: an error on the model to train. */
    ERROR
}
