package dev.nnc.ops;

/** Training uses batch statistics and drops units; inference uses running statistics and keeps all. */
public enum Mode {
    TRAIN, INFER
}
