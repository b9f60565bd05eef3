package io.jocker.common.event;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened to an object the engine manages, as every subscriber sees it.
 *
 * <p>The vocabulary is Docker's: {@code type} is the object kind ("container", "image", "network",
 * "volume", "daemon", ...), {@code action} what happened ("create", "die", "tag", "reload"), the
 * actor is the object's ID plus attributes (for containers: their labels, "image" and "name").
 * {@code timeNano} is nanoseconds since the Unix epoch.
 *
 * @param type the object kind
 * @param action what happened; may carry a suffix such as "exec_start: sh"
 * @param actorId the object's ID (image reference for image events, name for daemons' objects)
 * @param attributes extra facts, in a stable order
 * @param scope "local" or "swarm"
 * @param timeNano when it happened
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, String scope,
        long timeNano) {

    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        Objects.requireNonNull(scope, "scope");
    }

    /** A local event happening now. */
    public static Event local(String type, String action, String actorId, Map<String, String> attributes,
            long timeNano) {
        return new Event(type, action, actorId, attributes, "local", timeNano);
    }
}
