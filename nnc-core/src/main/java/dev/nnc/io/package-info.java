/**
 * Writing the files nnc produces (checkpoints, run reports, charts, {@code compile -o}): atomically, with
 * the permissions an ordinary write would give.
 * Internal, not API, except the types the API hands out or front ends write with (AtomicFiles,
 * RunFileException).
 */
package dev.nnc.io;
