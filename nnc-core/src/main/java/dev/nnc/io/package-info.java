/**
 * Writing the files nnc produces (checkpoints, run reports, charts, {@code compile -o}): atomically, with the
 * permissions an ordinary write would give; and the size limits of the files it reads ({@link
 * dev.nnc.io.ReadLimits}). Internal, not API: the types of this package that docs/api.md lists are API too.
 */
package dev.nnc.io;
