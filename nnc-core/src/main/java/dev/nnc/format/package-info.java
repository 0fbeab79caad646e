/**
 * The canonical layout of {@code .nn} files, from the lexer's tokens with comments kept ({@code nnc fmt}, the
 * language server's formatting). Internal, not API: programs and front ends use {@link dev.nnc.api}
 * (docs/api.md).
 */
package dev.nnc.format;
