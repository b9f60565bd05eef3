/**
 * docker's {@code --format} output: the subset of Go's text/template that docker templates use,
 * run over Jackson trees ({@link io.jocker.cli.format.GoTemplate}), Go's tabwriter column alignment
 * ({@link io.jocker.cli.format.TableWriter}) and docker's json/table/per-row conventions
 * ({@link io.jocker.cli.format.Formatter}).
 *
 * <p>Output and error text follow Go and docker byte for byte where scripts may depend on them;
 * the few deliberate differences are documented where they are made (number printing in
 * {@code GoFmt}, lenient argument types in {@code Execution}).
 */
package io.jocker.cli.format;
