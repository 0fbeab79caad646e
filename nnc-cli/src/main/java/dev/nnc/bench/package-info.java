/**
 * Throughput and memory measurement of compiled models on synthetic data ({@code nnc bench},
 * docs/performance.md). Internal, not API.
 */
package dev.nnc.bench;
