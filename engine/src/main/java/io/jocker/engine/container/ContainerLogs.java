package io.jocker.engine.container;

import io.jocker.runtime.log.LogMessage;
import io.jocker.runtime.log.LogQuery;
import java.util.List;

/**
 * Where a container's output is read from: the shim's log file, which only the runtime side knows
 * the place of. Declared here, supplied by the composition root.
 */
@FunctionalInterface
public interface ContainerLogs {
    /** The container's messages matching {@code query}, oldest first; none when it never ran. */
    List<LogMessage> read(String containerId, LogQuery query);
}
