package io.jocker.runtime.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jocker.common.error.EngineException;
import java.nio.charset.StandardCharsets;

/** Writes a {@link RuntimeSpec} as the {@code config.json} a runtime reads. Thread-safe. */
public final class RuntimeSpecJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private RuntimeSpecJson() {}

    public static byte[] write(RuntimeSpec spec) {
        try {
            return MAPPER.writeValueAsString(spec).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw EngineException.internal("serialising runtime spec", e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }
}
