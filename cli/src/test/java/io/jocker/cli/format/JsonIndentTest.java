package io.jocker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's json.Indent / json.Compact, as docker inspect prints an engine's raw JSON. */
class JsonIndentTest {

    @Test
    void indent_fourSpaces_keepsOrderNumbersAndEscapes_emptyContainersInline() {
        String raw = "[{\"Id\":\"sha256:ab\",\"RepoTags\":[\"a:1\",\"b:2\"],\"Size\":1.50e3,"
                + "\"Cmd\":\"\\u003cx\\u003e \\\"q\\\" , : {\",\"Labels\":{},\"Empty\":[],\"Nested\":{\"k\":null}}\n]";
        assertThat(JsonIndent.indent(raw, "    ")).isEqualTo("""
                [
                    {
                        "Id": "sha256:ab",
                        "RepoTags": [
                            "a:1",
                            "b:2"
                        ],
                        "Size": 1.50e3,
                        "Cmd": "\\u003cx\\u003e \\"q\\" , : {",
                        "Labels": {},
                        "Empty": [],
                        "Nested": {
                            "k": null
                        }
                    }
                ]""");
    }

    @Test
    void compact_dropsWhitespaceOutsideStrings() {
        assertThat(JsonIndent.compact("[ {\"a\" : [ 1, 2 ],\n \"b\": \"x y\" } ]")).isEqualTo("[{\"a\":[1,2],\"b\":\"x y\"}]");
    }
}
