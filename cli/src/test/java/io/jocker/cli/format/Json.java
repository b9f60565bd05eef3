package io.jocker.cli.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Test data written as JSON text. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A container as docker's list and inspect templates see one, with every kind of value: nested
     * objects, arrays, an unordered map, numbers, booleans, null and empty values.
     */
    static final JsonNode CONTAINER = parse("""
            {"ID": "abc", "Names": ["web", "db"], "Labels": {"b": "2", "a": "1"},
             "Size": 12345, "Ratio": 1.5, "Running": true, "Paused": false, "Gone": null,
             "Empty": "", "Zero": 0, "None": [], "NoLabels": {},
             "Config": {"Image": "nginx", "Env": {"Path": "/bin"}}}
            """);
}
