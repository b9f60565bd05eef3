/** The jocker command line: entry point, global options, shared context. */
package io.jocker.cli;
