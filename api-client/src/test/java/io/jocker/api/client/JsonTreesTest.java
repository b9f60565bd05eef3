package io.jocker.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonTreesTest {
    @Test
    void read_buildsTheSameTreeAsObjectMapper() throws Exception {
        String json = "{\"a\":1,\"b\":12345678901,\"c\":1.5,\"d\":[true,false,null],\"e\":{\"f\":\"g\"},"
                + "\"h\":123456789012345678901234567890}";
        assertThat(JsonTrees.read(json)).isEqualTo(new ObjectMapper().readTree(json));
    }

    @Test
    void read_malformed_failsClearly() {
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":")).hasMessageContaining("malformed JSON");
    }

    @Test
    void filters_useTheDockerClisSetForm_sortedAsGoMarshalsMaps() {
        Map<String, Set<String>> filters = new LinkedHashMap<>();
        filters.put("type", new LinkedHashSet<>(List.of("image", "container")));
        filters.put("label", Set.of("a=b"));
        assertThat(JsonTrees.filters(filters))
                .isEqualTo("{\"label\":{\"a=b\":true},\"type\":{\"container\":true,\"image\":true}}");
    }

    @Test
    void readEach_handsOverConcatenatedValuesInOrder() throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        JsonTrees.readEach(new java.io.ByteArrayInputStream(
                "{\"stream\":\"a\"}\r\n{\"stream\":\"b\"}{\"status\":\"c\"}\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)), v -> seen.add(v.toString()));
        assertThat(seen).containsExactly("{\"stream\":\"a\"}", "{\"stream\":\"b\"}", "{\"status\":\"c\"}");
    }

    @Test
    void apiVersionComparison_isNumericPerPart() {
        assertThat(EngineClient.compare("1.9", "1.10")).isNegative();
        assertThat(EngineClient.compare("1.44", "1.44")).isZero();
        assertThat(EngineClient.compare("1.44", "1.41")).isPositive();
    }
}
