package io.jocker.api.client;

/**
 * The engine answered with an error status. The message is the engine's {@code message}, which
 * the CLI prints after "Error response from daemon: ".
 */
public final class EngineResponseException extends RuntimeException {
    private final int status;

    public EngineResponseException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
