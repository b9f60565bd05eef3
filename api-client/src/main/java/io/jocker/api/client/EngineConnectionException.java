package io.jocker.api.client;

import io.jocker.api.types.host.HostAddress;

/** The engine could not be reached at all: no socket, refused, reset before a response. */
public final class EngineConnectionException extends RuntimeException {
    private final HostAddress address;

    public EngineConnectionException(HostAddress address, Throwable cause) {
        super("Cannot connect to the jocker daemon at " + address + ". Is the daemon running?", cause);
        this.address = address;
    }

    public HostAddress address() {
        return address;
    }
}
