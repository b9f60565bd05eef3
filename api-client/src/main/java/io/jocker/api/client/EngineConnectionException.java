package io.jocker.api.client;

/** The engine could not be reached at all: no socket, refused, reset before a response. */
public final class EngineConnectionException extends RuntimeException {
    private final EngineAddress address;

    public EngineConnectionException(EngineAddress address, Throwable cause) {
        super("Cannot connect to the jocker daemon at " + address + ". Is the daemon running?", cause);
        this.address = address;
    }

    public EngineAddress address() {
        return address;
    }
}
