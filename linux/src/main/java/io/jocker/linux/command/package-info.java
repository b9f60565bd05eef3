/**
 * The command half of the privileged seam: running host tools ({@code ip}, {@code iptables},
 * {@code iptables-restore}, {@code sysctl}) with an argument vector and standard input, and
 * reading their exit status and output. {@link io.jocker.linux.command.CommandRunner} is the
 * interface; {@code CommandRunner.local()} starts real processes and {@link
 * io.jocker.linux.command.RecordingCommandRunner} is the fake that records what would have run.
 */
package io.jocker.linux.command;
