package io.jocker.engine.container;

import io.jocker.runtime.log.LogFollower;
import io.jocker.runtime.log.LogMessage;
import io.jocker.runtime.log.LogQuery;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Where a container's output is read from: the shim's log file, which only the runtime side knows
 * the place of. Declared here, supplied by the composition root.
 */
public interface ContainerLogs {
    /** The container's messages matching {@code query}, oldest first; none when it never ran. */
    List<LogMessage> read(String containerId, LogQuery query);

    /**
     * The messages matching {@code query}, then new ones as they are written, until
     * {@code writerAlive} answers false and all is sent, or the sink refuses one. Blocking.
     */
    void follow(String containerId, LogQuery query, BooleanSupplier writerAlive, LogFollower.Sink sink)
            throws IOException, InterruptedException;
}
