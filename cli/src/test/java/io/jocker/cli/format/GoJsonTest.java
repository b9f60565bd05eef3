package io.jocker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** Compact JSON as Go's encoding/json writes it; expected strings checked against Go. */
class GoJsonTest {

    @Test
    void encode_object_isCompactInNodeOrder() {
        var value = Json.parse("{\"b\": [1, 2.5, true, null, {}], \"a\": {\"x\": []}, \"c\": \"\"}");

        assertThat(GoJson.encode(value, false))
                .isEqualTo("{\"b\":[1,2.5,true,null,{}],\"a\":{\"x\":[]},\"c\":\"\"}");
    }

    @Test
    void encode_controlCharacters_escapesThemLikeGo() {
        // Go 1.22 and later write \b and \f; U+2028/2029 are escaped for JavaScript's sake.
        var value = TextNode.valueOf("q\" s\\ \n\r\t\b\f \u0001\u001f \u007f é \u2028\u2029 😀");

        assertThat(GoJson.encode(value, false)).isEqualTo(
                "\"q\\\" s\\\\ \\n\\r\\t\\b\\f \\u0001\\u001f \u007f é \\u2028\\u2029 😀\"");
    }

    @Test
    void encode_htmlCharacters_escapesOnlyWhenAsked() {
        var value = TextNode.valueOf("<a&b>");

        assertThat(GoJson.encode(value, false)).isEqualTo("\"<a&b>\"");
        assertThat(GoJson.encode(value, true)).isEqualTo("\"\\u003ca\\u0026b\\u003e\"");
    }

    @Test
    void encode_loneSurrogate_writesReplacementCharacter() {
        assertThat(GoJson.encode(TextNode.valueOf("a\uD800b"), false)).isEqualTo("\"a\\ufffdb\"");
    }

    @Test
    void encode_floats_useGoExponentRules() {
        var array = JsonNodeFactory.instance.arrayNode();
        for (double d : new double[] {1e300, 1e-7, 0.000001, 1e21, 1e20, -0.5, 3.0, 123456789012.0}) {
            array.add(DoubleNode.valueOf(d));
        }

        assertThat(GoJson.encode(array, false))
                .isEqualTo("[1e+300,1e-7,0.000001,1e+21,100000000000000000000,-0.5,3,123456789012]");
    }

    @Test
    void encode_missingValue_writesNull() {
        assertThat(GoJson.encode(MissingNode.getInstance(), false)).isEqualTo("null");
    }
}
