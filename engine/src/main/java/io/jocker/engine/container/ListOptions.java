package io.jocker.engine.container;

import java.util.Map;
import java.util.Set;

/**
 * What {@code docker ps} asks for.
 *
 * @param all include containers that do not run
 * @param limit at most this many, newest first; 0 or less = no limit (and then implies all)
 * @param filters id, name, label, status, ancestor, exited, before, since
 */
public record ListOptions(boolean all, int limit, Map<String, Set<String>> filters) {
    public ListOptions {
        filters = filters == null ? Map.of() : Map.copyOf(filters);
    }
}
