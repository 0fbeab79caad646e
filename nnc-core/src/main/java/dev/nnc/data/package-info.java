/**
 * Data sets: IDX, CIFAR-10 and CSV loaders, preprocessing, batching, image input (docs/data.md). Internal, not
 * API: use {@link dev.nnc.api} (docs/api.md); the value types of this package that docs/api.md lists are API
 * too.
 */
package dev.nnc.data;
