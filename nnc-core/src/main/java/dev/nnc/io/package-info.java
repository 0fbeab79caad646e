/**
 * Writing the files nnc produces (checkpoints, run reports, charts, {@code compile -o}): atomically, with
 * the permissions an ordinary write would give.
 */
package dev.nnc.io;
