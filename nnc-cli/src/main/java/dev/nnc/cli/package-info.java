/**
 * The {@code nnc} command line: the only package that prints for humans or calls {@code System.exit}.
 * {@link dev.nnc.cli.Main} wires picocli; each subcommand is one class listed in {@code Main.COMMANDS}
 * (only the command being run is built). Commands return an exit code ({@link dev.nnc.cli.ExitCodes}) and
 * write through the writers picocli hands them, so tests drive them in-process.
 */
package dev.nnc.cli;
