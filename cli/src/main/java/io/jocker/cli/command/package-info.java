/** One class per command, with the docker CLI's flags and output. */
package io.jocker.cli.command;
