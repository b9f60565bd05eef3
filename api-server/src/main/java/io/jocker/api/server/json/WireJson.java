package io.jocker.api.server.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON as the Engine API's clients speak it, read the way Go's encoding/json reads it: field names
 * case-insensitively, unknown fields ignored, explicit nulls treated as absent (docker-java sends
 * {@code null} for every unset field), but no silent coercion between strings, numbers and booleans
 * (Go refuses {@code "Image": 5}). Thread-safe.
 */
public final class WireJson {
    private static final ObjectMapper MAPPER = build();

    private WireJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // An empty string is not an absent number or object in Go either.
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads a request body. A body that is empty, malformed or of the wrong shape is the client's
     * error (400), never the server's.
     */
    public static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw EngineException.invalidArgument("invalid JSON: request body is empty");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw EngineException.invalidArgument("invalid JSON: body is null");
            }
            return value;
        } catch (MismatchedInputException e) {
            throw EngineException.invalidArgument("invalid JSON: " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw EngineException.invalidArgument("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw EngineException.internal("encoding " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String describe(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
        String target = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
        return path.isEmpty()
                ? "cannot unmarshal into " + target
                : "cannot unmarshal into field " + path + " of type " + target;
    }
}
