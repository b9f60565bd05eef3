package io.jocker.api.server.route;

/** How a route receives its request body. */
public enum BodyMode {
    /** Collected in memory (up to the server's limit) before the handler runs: JSON bodies. */
    COLLECT,
    /** Handed to the handler as it arrives, with back-pressure: archives, build contexts. */
    STREAM
}
