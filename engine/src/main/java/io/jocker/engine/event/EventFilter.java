package io.jocker.engine.event;

import io.jocker.common.event.Event;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of {@code GET /events}, with dockerd's semantics: the values of one key are
 * alternatives, all keys must match, a key that is absent matches everything, and keys dockerd does
 * not know are ignored (it does not validate event filters). Object filters ({@code container},
 * {@code network}, {@code volume}, ...) match the actor's ID or "name" attribute exactly or as a
 * prefix, whatever the event's type; {@code image} matches exactly, with or without the tag;
 * {@code label} needs every given {@code key} or {@code key=value} among the attributes.
 * Immutable; thread-safe.
 */
public final class EventFilter {
    private static final Set<String> FUZZY_ACTIONS = Set.of("health_status", "exec_create", "exec_start");
    private static final String[] BY_NAME = {"daemon", "container", "plugin", "volume", "network", "node",
            "service", "secret", "config"};

    public static final EventFilter ALL = new EventFilter(Map.of());

    private final Map<String, Set<String>> criteria;

    private EventFilter(Map<String, Set<String>> criteria) {
        this.criteria = criteria;
    }

    public static EventFilter of(Map<String, Set<String>> criteria) {
        Map<String, Set<String>> copy = new HashMap<>();
        criteria.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return new EventFilter(Map.copyOf(copy));
    }

    public boolean matches(Event event) {
        if (!matchesAction(event.action()) || !exact("type", event.type()) || !exact("scope", event.scope())) {
            return false;
        }
        for (String key : BY_NAME) {
            if (!fuzzy(key, event.actorId()) && !fuzzy(key, event.attributes().get("name"))) {
                return false;
            }
        }
        return matchesImage(event) && matchesLabels(event.attributes());
    }

    private boolean matchesAction(String action) {
        Set<String> wanted = criteria.get("event");
        if (wanted != null && wanted.stream().anyMatch(FUZZY_ACTIONS::contains)) {
            // "exec_start: sh -c ..." is selected by "exec_start" (moby #25798).
            return fuzzy("event", action);
        }
        return exact("event", action);
    }

    private boolean matchesImage(Event event) {
        String name = event.attributes().get(event.type().equals("image") ? "name" : "image");
        String id = event.actorId();
        return exact("image", id) || exact("image", name) || exact("image", stripTag(id))
                || exact("image", stripTag(name));
    }

    private boolean matchesLabels(Map<String, String> attributes) {
        Set<String> wanted = criteria.get("label");
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        for (String label : wanted) {
            int eq = label.indexOf('=');
            boolean ok = eq < 0
                    ? attributes.containsKey(label)
                    : label.substring(eq + 1).equals(attributes.get(label.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean exact(String key, String value) {
        Set<String> wanted = criteria.get(key);
        return wanted == null || wanted.isEmpty() || (value != null && wanted.contains(value));
    }

    private boolean fuzzy(String key, String value) {
        if (exact(key, value)) {
            return true;
        }
        if (value == null) {
            return false;
        }
        for (String prefix : criteria.get(key)) {
            if (value.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** "busybox:1" and "busybox" name the same repository for filtering; digests are kept. */
    private static String stripTag(String image) {
        if (image == null || image.contains("@")) {
            return image;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash ? image.substring(0, colon) : image;
    }
}
