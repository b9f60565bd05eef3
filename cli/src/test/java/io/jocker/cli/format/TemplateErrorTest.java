package io.jocker.cli.format;

import static io.jocker.cli.format.Json.CONTAINER;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Error messages, compared with Go 1.19's text/template word for word (positions included) except
 * where a test says otherwise: docker prints them as they are, so users and scripts see them.
 */
class TemplateErrorTest {

    static Stream<Arguments> parseErrors() {
        return Stream.of(
                Arguments.of("{{nope}}", "template: :1: function \"nope\" not defined"),
                Arguments.of("{{.ID }", "template: :1: unexpected \"}\" in operand"),
                Arguments.of("{{.ID}", "template: :1: bad character U+007D '}'"),
                Arguments.of("{{.ID", "template: :1: unclosed action"),
                Arguments.of("a\n{{.ID", "template: :2: unclosed action"),
                Arguments.of("a\n{{\n.ID\n", "template: :4: unclosed action started at :2"),
                Arguments.of("{{if .ID}}", "template: :1: unexpected EOF"),
                Arguments.of("a\n{{if .ID}}\nb\n", "template: :4: unexpected EOF"),
                Arguments.of("{{end}}", "template: :1: unexpected {{end}}"),
                Arguments.of("{{else}}", "template: :1: unexpected {{else}}"),
                Arguments.of("{{if .ID}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
                Arguments.of("{{}}", "template: :1: missing value for command"),
                Arguments.of("{{range}}{{end}}", "template: :1: missing value for range"),
                Arguments.of("{{| .ID}}", "template: :1: unexpected \"|\" in command"),
                Arguments.of("{{.ID)}}", "template: :1: unexpected \")\" in command"),
                Arguments.of("{{(.ID}}", "template: :1: unclosed left paren"),
                Arguments.of("{{$x}}", "template: :1: undefined variable \"$x\""),
                Arguments.of("{{$a, $b := .Names}}", "template: :1: too many declarations in command"),
                Arguments.of("{{range $i, $e, $f := .Names}}{{end}}",
                        "template: :1: too many declarations in range"),
                Arguments.of("{{break}}", "template: :1: {{break}} outside {{range}}"),
                Arguments.of("{{range .Names}}{{break 1}}{{end}}", "template: :1: unexpected \"1\" in {{break}}"),
                Arguments.of("{{1 | 2}}", "template: :1: non executable command in pipeline stage 2"),
                Arguments.of("{{\"abc}}", "template: :1: unterminated quoted string"),
                Arguments.of("{{`abc}}", "template: :1: unterminated raw quoted string"),
                Arguments.of("{{\"\\q\"}}", "template: :1: invalid syntax"),
                Arguments.of("{{'ab'}}", "template: :1: malformed character constant: 'ab'"),
                Arguments.of("{{/* unclosed", "template: :1: unclosed comment"),
                Arguments.of("{{/* x */ y}}", "template: :1: comment ends before closing delimiter"),
                Arguments.of("{{ /* x */ }}", "template: :1: unexpected \"/\" in command"),
                Arguments.of("{{3.x}}", "template: :1: bad number syntax: \"3.x\""),
                Arguments.of("{{.ID!}}", "template: :1: bad character U+0021 '!'"),
                Arguments.of("{{\"x\".Y}}", "template: :1: unexpected . after term \"\\\"x\\\"\""),
                Arguments.of("{{.ID x}}", "template: :1: function \"x\" not defined"),
                Arguments.of("{{:}}", "template: :1: expected :="));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("parseErrors")
    void parse_invalidTemplate_failsWithGoMessage(String template, String message) {
        assertThatThrownBy(() -> GoTemplate.parse(template))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void parse_templateDefinition_isNotSupported() {
        // Deliberately not Go: docker formats have one anonymous template.
        assertThatThrownBy(() -> GoTemplate.parse("{{define \"x\"}}{{end}}"))
                .hasMessage("template: :1: {{define}} is not supported");
    }

    static Stream<Arguments> executionErrors() {
        return Stream.of(
                Arguments.of("{{.Gone.X}}",
                        "template: :1:7: executing \"\" at <.Gone.X>: nil pointer evaluating interface {}.X"),
                Arguments.of("{{index .Names 5}}", "template: :1:2: executing \"\" at <index .Names 5>: "
                        + "error calling index: index out of range: 5"),
                Arguments.of("{{index .Gone 0}}", "template: :1:2: executing \"\" at <index .Gone 0>: "
                        + "error calling index: index of untyped nil"),
                Arguments.of("{{index .Names \"a\"}}", "template: :1:2: executing \"\" at "
                        + "<index .Names \"a\">: error calling index: cannot index slice/array with type string"),
                Arguments.of("{{range .ID}}{{end}}",
                        "template: :1:8: executing \"\" at <.ID>: range can't iterate over abc"),
                Arguments.of("{{.ID 1}}",
                        "template: :1:2: executing \"\" at <.ID>: ID is not a method but has arguments"),
                Arguments.of("{{.Config.Image 1}}", "template: :1:9: executing \"\" at <.Config.Image>: "
                        + "Image is not a method but has arguments"),
                Arguments.of("{{upper 1}}",
                        "template: :1:8: executing \"\" at <1>: expected string; found 1"),
                Arguments.of("{{upper}}", "template: :1:2: executing \"\" at <upper>: "
                        + "wrong number of args for upper: want 1 got 0"),
                Arguments.of("{{\"x\" | upper 1}}", "template: :1:8: executing \"\" at <upper>: "
                        + "wrong number of args for upper: want 1 got 2"),
                Arguments.of("{{truncate .ID \"a\"}}",
                        "template: :1:15: executing \"\" at <\"a\">: expected integer; found \"a\""),
                Arguments.of("{{pad .ID -1 0}}", "template: :1:2: executing \"\" at <pad .ID -1 0>: "
                        + "error calling pad: strings: negative Repeat count"),
                Arguments.of("{{.Nope | upper}}",
                        "template: :1:10: executing \"\" at <upper>: invalid value; expected string"),
                Arguments.of("{{upper .Gone}}", "template: :1:8: executing \"\" at <.Gone>: "
                        + "wrong type for value; expected string; got interface {}"),
                Arguments.of("{{. 1}}",
                        "template: :1:2: executing \"\" at <.>: can't give argument to non-function ."),
                Arguments.of("{{nil}}", "template: :1:2: executing \"\" at <nil>: nil is not a command"),
                Arguments.of("{{eq .ID 1}}", "template: :1:2: executing \"\" at <eq .ID 1>: "
                        + "error calling eq: incompatible types for comparison"),
                Arguments.of("{{eq .Names .Names}}", "template: :1:2: executing \"\" at <eq .Names .Names>: "
                        + "error calling eq: non-comparable type [web db]: []interface {}"),
                Arguments.of("{{lt .Running .Running}}", "template: :1:2: executing \"\" at "
                        + "<lt .Running .Running>: error calling lt: invalid type for comparison"),
                Arguments.of("line1\n{{.Nope.X}}\nline3 {{.ID 1}}",
                        "template: :3:8: executing \"\" at <.ID>: ID is not a method but has arguments"),
                Arguments.of("é{{.ID 1}}",
                        "template: :1:4: executing \"\" at <.ID>: ID is not a method but has arguments"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("executionErrors")
    void execute_failingTemplate_failsWithGoMessage(String template, String message) {
        GoTemplate parsed = GoTemplate.parse(template);

        assertThatThrownBy(() -> parsed.execute(CONTAINER))
                .isInstanceOf(TemplateException.class)
                .hasMessage(message);
    }

    @Test
    void execute_fieldOfScalar_failsNamingItsJsonType() {
        // Go says "interface {}" for any value taken out of a map; the JSON type says more.
        GoTemplate template = GoTemplate.parse("{{.ID.X}}");

        assertThatThrownBy(() -> template.execute(CONTAINER))
                .hasMessage("template: :1:5: executing \"\" at <.ID.X>: can't evaluate field X in type string");
    }
}
