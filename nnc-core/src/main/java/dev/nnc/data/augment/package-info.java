/**
 * Augmentation of training batches (rotate, shift, shear, zoom, flip, crop, erase; docs/training.md), seeded
 * per batch, and the preview grid of {@code nnc train --preview-augment}. Internal, not API: programs and front
 * ends use {@link dev.nnc.api} (docs/api.md).
 */
package dev.nnc.data.augment;
