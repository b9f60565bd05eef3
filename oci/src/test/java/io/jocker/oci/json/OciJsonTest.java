package io.jocker.oci.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciJsonTest {
    record Sample(String name, List<String> items) {}

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void read_unknownFields_areIgnored() {
        assertThat(OciJson.read(bytes("{\"name\":\"x\",\"other\":1}"), Sample.class, "sample").name()).isEqualTo("x");
    }

    @Test
    void read_keyInOtherCase_matchesLikeGo() {
        assertThat(OciJson.read(bytes("{\"NAME\":\"x\"}"), Sample.class, "sample").name()).isEqualTo("x");
    }

    @Test
    void read_singleValueForList_becomesOneElement() {
        assertThat(OciJson.read(bytes("{\"items\":\"a\"}"), Sample.class, "sample").items()).containsExactly("a");
    }

    @Test
    void read_trailingData_isInvalidArgument() {
        assertThatThrownBy(() -> OciJson.read(bytes("{\"name\":\"x\"} {}"), Sample.class, "sample"))
                .isInstanceOf(EngineException.class)
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("invalid sample: ");
    }

    @Test
    void read_jsonNull_isInvalidArgument() {
        assertThatThrownBy(() -> OciJson.read(bytes("null"), Sample.class, "sample"))
                .hasMessage("invalid sample: null document");
    }

    @Test
    void readTree_array_isNotAnObject() {
        assertThatThrownBy(() -> OciJson.readTree(bytes("[1]"), "sample"))
                .hasMessage("invalid sample: not a JSON object");
    }

    @Test
    void write_map_sortsKeys() {
        assertThat(new String(OciJson.write(Map.of("b", 1, "a", 2, "c", 3)), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":2,\"b\":1,\"c\":3}");
    }
}
