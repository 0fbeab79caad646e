/**
 * Data sets: IDX, CIFAR-10 and CSV loaders, preprocessing, batching, image input (docs/data.md). Internal, not
 * API: use {@link dev.nnc.api} (docs/api.md); the types it names from here (Dataset, DataSplits, LoadOptions,
 * DataException) are API as values it hands out.
 */
package dev.nnc.data;
