package io.jocker.cli;

/**
 * A command's failure with the exit code and the text the docker CLI would print for it
 * (1 for errors from the engine or the template, 125 for bad usage).
 */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
