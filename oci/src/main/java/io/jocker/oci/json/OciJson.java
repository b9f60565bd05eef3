package io.jocker.oci.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jocker.common.error.EngineException;

/**
 * Reads and writes image documents with the settings described in the package doc. Thread-safe: the
 * mapper is configured once and never changed.
 */
public final class OciJson {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .build();

    private OciJson() {}

    /**
     * Reads {@code json} as a {@code type}; {@code what} names the document in the error ("image
     * manifest"). Malformed input is an invalid argument that keeps the parser's message.
     */
    public static <T> T read(byte[] json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw EngineException.invalidArgument("invalid " + what + ": null document");
            }
            return value;
        } catch (JacksonException e) {
            throw invalid(what, e);
        } catch (java.io.IOException e) {
            throw EngineException.invalidArgument("invalid " + what + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code json} as a tree, to look at fields before choosing a type. */
    public static JsonNode readTree(byte[] json, String what) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw EngineException.invalidArgument("invalid " + what + ": not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw invalid(what, e);
        } catch (java.io.IOException e) {
            throw EngineException.invalidArgument("invalid " + what + ": " + e.getMessage(), e);
        }
    }

    /** Converts a tree read by {@link #readTree} into a {@code type}. */
    public static <T> T convert(JsonNode node, Class<T> type, String what) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JacksonException e) {
            throw invalid(what, e);
        } catch (IllegalArgumentException e) {
            throw invalid(what, e);
        }
    }

    /** Serialises {@code value} compactly (no whitespace), map keys sorted. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw EngineException.internal("serialising " + value.getClass().getSimpleName(), e);
        }
    }

    private static EngineException invalid(String what, Exception e) {
        // A record constructor that refused a value (no digest, bad schema version) threw an
        // EngineException; Jackson wraps it, and its message is the useful one.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EngineException engine) {
                return EngineException.invalidArgument("invalid " + what + ": " + engine.getMessage(), e);
            }
        }
        String message = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
        return EngineException.invalidArgument("invalid " + what + ": " + message, e);
    }
}
