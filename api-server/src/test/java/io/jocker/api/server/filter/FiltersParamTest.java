package io.jocker.api.server.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersParamTest {
    @Test
    void setForm_ofTheDockerCli_keepsOnlyTrueValues() {
        assertThat(FiltersParam.parse("{\"type\":{\"container\":true,\"image\":false},\"label\":{\"a=b\":true}}"))
                .containsEntry("type", Set.of("container")).containsEntry("label", Set.of("a=b"));
    }

    @Test
    void listForm_ofDockerJavaAndDockerode() {
        assertThat(FiltersParam.parse("{\"label\":[\"org.testcontainers=true\",\"x\"]}"))
                .containsEntry("label", Set.of("org.testcontainers=true", "x"));
    }

    @Test
    void absentOrEmpty_meansNoFilters() {
        assertThat(FiltersParam.parse(null)).isEmpty();
        assertThat(FiltersParam.parse("")).isEmpty();
        assertThat(FiltersParam.parse("{}")).isEmpty();
    }

    @Test
    void notJson_orWrongShapes_areInvalidFilters() {
        for (String bad : new String[] {"notjson", "[1]", "{\"a\":5}", "{\"a\":[1]}"}) {
            assertThatThrownBy(() -> FiltersParam.parse(bad)).as(bad).hasMessage("invalid filter");
        }
    }
}
