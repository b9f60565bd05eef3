package io.jocker.linux.command;

/**
 * A command exited with a non-zero status where the caller needed it to succeed. The message is
 * the command line, the status and what the tool wrote on standard error, e.g. {@code ip link add
 * vj1a2b3c4d5e6f type veth peer name eth0 netns /run/jocker/netns/1a2b: exit 2: RTNETLINK answers:
 * File exists}.
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    public CommandException(CommandResult result) {
        super(String.join(" ", result.argv()) + ": exit " + result.exitCode()
                + (result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }
}
