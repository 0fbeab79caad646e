/**
 * What {@code nnc train} and {@code nnc eval} leave on disk for people: {@code result.json}, the learning
 * curves and the confusion-matrix charts (XChart). Presentation code of the CLI, fed by API types only.
 */
package dev.nnc.report;
