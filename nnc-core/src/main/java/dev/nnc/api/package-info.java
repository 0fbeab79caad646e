/**
 * The library's door: what programs, build tools and every front end (the CLI, the Maven plugin, the language
 * server...) use to compile a {@code .nn} file, inspect it (shapes, parameters, FLOPs, diagnostics), train it
 * with a listener, evaluate, predict, save and load (docs/api.md). Every other package is internal. The value
 * types these signatures use and that live with the code that makes them (the graph, diagnostics, data sets,
 * training statistics, their exceptions) are API too; each package's {@code package-info} names its own, and
 * docs/api.md lists them all.
 */
package dev.nnc.api;
