/** Human-readable output shapes shared by commands. */
package io.jocker.cli.output;
