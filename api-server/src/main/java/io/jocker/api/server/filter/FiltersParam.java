package io.jocker.api.server.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.server.json.WireJson;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter: URL-decoded JSON in either of the forms clients send, the
 * set form {@code {"label":{"a=b":true}}} (docker CLI) or the list form
 * {@code {"label":["a=b"]}} (docker-java, dockerode). Thread-safe (stateless).
 */
public final class FiltersParam {
    private FiltersParam() {}

    /** Parses the parameter; absent or empty means no filters. */
    public static Map<String, Set<String>> parse(String json) {
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        if (json == null || json.isEmpty()) {
            return filters;
        }
        JsonNode root;
        try {
            root = WireJson.mapper().readTree(json);
        } catch (IOException e) {
            throw EngineException.invalidArgument("invalid filter", e);
        }
        if (root == null || root.isNull()) {
            return filters;
        }
        if (!root.isObject()) {
            throw EngineException.invalidArgument("invalid filter");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Set<String> values = new LinkedHashSet<>();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                // Set form: only keys mapped to true count, as in Go's map[string]bool.
                value.fields().forEachRemaining(v -> {
                    if (v.getValue().asBoolean(false)) {
                        values.add(v.getKey());
                    }
                });
            } else if (value.isArray()) {
                for (JsonNode element : value) {
                    if (!element.isTextual()) {
                        throw EngineException.invalidArgument("invalid filter");
                    }
                    values.add(element.asText());
                }
            } else if (!value.isNull()) {
                throw EngineException.invalidArgument("invalid filter");
            }
            filters.put(entry.getKey(), values);
        }
        return filters;
    }
}
