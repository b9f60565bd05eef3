package io.jocker.engine.container;

import io.jocker.runtime.log.LogFollower;
import io.jocker.runtime.log.LogQuery;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Where a container's output is read from: the shim's log file, which only the runtime side knows
 * the place of. Declared here, supplied by the composition root. Both methods stream: memory stays
 * bounded by the tail asked for, however long the log.
 */
public interface ContainerLogs {
    /** Hands the container's messages matching {@code query} to the sink, oldest first; none when it never ran. */
    void read(String containerId, LogQuery query, LogFollower.Sink sink) throws IOException;

    /**
     * The messages matching {@code query}, then new ones as they are written, until
     * {@code writerAlive} answers false and all is sent, the client is gone, or the sink refuses one.
     * Blocking.
     */
    void follow(String containerId, LogQuery query, BooleanSupplier writerAlive, BooleanSupplier clientConnected,
            LogFollower.Sink sink) throws IOException, InterruptedException;
}
