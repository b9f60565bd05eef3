package io.jocker.linux.command;

import java.util.List;

/**
 * What a finished command left: its argument vector, exit status and both outputs (UTF-8 text).
 *
 * <p>Immutable and thread-safe.
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
    public CommandResult {
        argv = List.copyOf(argv);
    }

    /** A result with status 0 and the given standard output. */
    public static CommandResult ok(List<String> argv, String stdout) {
        return new CommandResult(argv, 0, stdout, "");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /**
     * This result when the command succeeded.
     *
     * @throws CommandException naming the command, its status and its standard error otherwise
     */
    public CommandResult orThrow() {
        if (!succeeded()) {
            throw new CommandException(this);
        }
        return this;
    }
}
