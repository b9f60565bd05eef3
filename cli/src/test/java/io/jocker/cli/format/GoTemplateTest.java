package io.jocker.cli.format;

import static io.jocker.cli.format.Json.CONTAINER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden outputs for template execution over {@link Json#CONTAINER}. Every expected string was
 * produced by Go 1.19's text/template on the same data, except where a test says otherwise.
 */
class GoTemplateTest {

    private static String run(String template) {
        return GoTemplate.parse(template).execute(CONTAINER);
    }

    static Stream<Arguments> text() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("", ""),
                Arguments.of("{{.ID}}", "abc"),
                Arguments.of("{{ .ID }}", "abc"),
                Arguments.of("id={{.ID}};", "id=abc;"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("text")
    void execute_textAndFields_printsThem(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void execute_nestedFields_followsTheChain() {
        assertThat(run("{{.Config.Image}} {{.Config.Env.Path}}")).isEqualTo("nginx /bin");
    }

    @Test
    void execute_fieldInOtherCase_matchesIgnoringCase() {
        assertThat(run("{{.id}} {{.config.IMAGE}}")).isEqualTo("abc nginx");
    }

    @Test
    void execute_fieldInBothCases_prefersExactMatch() {
        JsonNode data = Json.parse("{\"a\": 1, \"A\": 2}");

        assertThat(GoTemplate.parse("{{.a}} {{.A}}").execute(data)).isEqualTo("1 2");
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("{{.Names}}", "[web db]"),
                Arguments.of("{{.Labels}}", "map[a:1 b:2]"),
                Arguments.of("{{.Size}} {{.Ratio}} {{.Running}} {{.Paused}}", "12345 1.5 true false"),
                Arguments.of("{{.None}} {{.NoLabels}} [{{.Empty}}] {{.Zero}}", "[] map[] [] 0"),
                Arguments.of("{{.Gone}}|{{.Nope}}|{{.Nope.Deeper}}", "<no value>|<no value>|<no value>"),
                Arguments.of("{{.Config}}", "map[Env:map[Path:/bin] Image:nginx]"),
                Arguments.of("{{\"lit\"}} {{1}} {{1.5}} {{true}} {{'a'}} {{0x10}} {{1e3}} {{1_000}}",
                        "lit 1 1.5 true 97 16 1000 1000"),
                Arguments.of("{{`raw\\n`}} {{\"esc\\t\\u00e9\\x41\"}}", "raw\\n esc\téA"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void execute_values_printsLikeGoFmt(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void execute_nestedNull_printsNil() {
        JsonNode data = Json.parse("{\"b\": 1, \"a\": {\"z\": [1, {\"q\": null}]}, \"C\": true}");

        assertThat(GoTemplate.parse("{{.}}").execute(data)).isEqualTo("map[C:true a:map[z:[1 map[q:<nil>]]] b:1]");
    }

    @Test
    void execute_numbers_printsThemAsWritten() {
        // Deliberately not Go: Go holds JSON numbers as float64 and would print 1.23456789012e+11.
        JsonNode data = Json.parse("[1, 2.5, 1e300, 1e-7, 0.000001, 123456789012, -0.5, 3.0]");

        assertThat(GoTemplate.parse("{{.}}").execute(data))
                .isEqualTo("[1 2.5 1e+300 1e-7 0.000001 123456789012 -0.5 3]");
    }

    @Test
    void execute_nullData_printsNoValue() {
        assertThat(GoTemplate.parse("{{.X}}|{{.}}").execute(null)).isEqualTo("<no value>|<no value>");
        assertThat(GoTemplate.parse("{{.X}}").execute(Json.parse("null"))).isEqualTo("<no value>");
    }

    static Stream<Arguments> pipelines() {
        return Stream.of(
                Arguments.of("{{.ID | upper}}", "ABC"),
                Arguments.of("{{.ID | printf \"%s-%s\" \"x\"}}", "x-abc"),
                Arguments.of("{{.Names | len}}", "2"),
                Arguments.of("{{(index .Names 1) | upper}} {{(.Config).Image}}", "DB nginx"),
                Arguments.of("{{$x := .ID}}{{$x}}", "abc"),
                Arguments.of("{{$y := 1}}{{$y = 2}}{{$y}}", "2"),
                Arguments.of("{{with .Config}}{{$.ID}} {{.Image}}{{end}}", "abc nginx"),
                Arguments.of("{{$c := .Config}}{{$c.Env.Path}}", "/bin"),
                Arguments.of("{{$}}", "map[Config:map[Env:map[Path:/bin] Image:nginx] Empty: Gone:<nil> "
                        + "ID:abc Labels:map[a:1 b:2] Names:[web db] NoLabels:map[] None:[] Paused:false "
                        + "Ratio:1.5 Running:true Size:12345 Zero:0]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("pipelines")
    void execute_pipelinesAndVariables_matchGo(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    static Stream<Arguments> control() {
        return Stream.of(
                Arguments.of("{{range .Names}}[{{.}}]{{end}}", "[web][db]"),
                Arguments.of("{{range $i, $e := .Names}}{{$i}}={{$e}} {{end}}", "0=web 1=db "),
                Arguments.of("{{range $e := .Names}}{{$e}}{{end}}", "webdb"),
                Arguments.of("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", "a=1;b=2;"),
                Arguments.of("{{range .Labels}}{{.}}{{end}}", "12"),
                Arguments.of("{{range .None}}x{{else}}empty{{end}}|{{range .Gone}}x{{else}}nil{{end}}"
                        + "|{{range .Nope}}x{{else}}missing{{end}}", "empty|nil|missing"),
                Arguments.of("{{range .Names}}{{.}}{{break}}{{end}}"
                        + "|{{range .Names}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}", "web|db"),
                Arguments.of("{{if .Running}}yes{{end}}", "yes"),
                Arguments.of("{{if .Paused}}yes{{else}}no{{end}}", "no"),
                Arguments.of("{{if .Empty}}a{{else if .Zero}}b{{else if .None}}c{{else if .NoLabels}}d"
                        + "{{else if .Gone}}e{{else if .Nope}}f{{else}}g{{end}}", "g"),
                Arguments.of("{{if .Names}}a{{end}}{{if .Labels}}b{{end}}{{if .Ratio}}c{{end}}", "abc"),
                Arguments.of("{{with .Config}}{{.Image}}{{end}}|{{with .Gone}}x{{else}}none{{end}}"
                        + "|{{with $c := .Config.Env}}{{$c.Path}}{{end}}", "nginx|none|/bin"),
                Arguments.of("{{if and .Running .ID}}y{{end}} {{and .Running .Empty .ID}}"
                        + " {{or .Empty .Gone .ID}} {{or .Empty .Zero}} {{not .Running}} {{not .Empty}}",
                        "y  abc 0 false true"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("control")
    void execute_rangeIfWith_matchGo(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void execute_elseWith_runsSecondBranch() {
        // Go 1.23 syntax, so no Go 1.19 golden: {{else with}} nests a with sharing one {{end}}.
        assertThat(run("{{with .Empty}}a{{else with .Config}}{{.Image}}{{end}}")).isEqualTo("nginx");
    }

    @Test
    void execute_rangeOverInteger_countsFromZero() {
        // Go 1.22 syntax.
        assertThat(run("{{range 3}}{{.}}{{end}}")).isEqualTo("012");
    }

    static Stream<Arguments> trimming() {
        return Stream.of(
                Arguments.of("a  {{- .ID -}}  b", "aabcb"),
                Arguments.of("a \n {{- .ID}} \n b", "aabc \n b"),
                Arguments.of("{{.ID -}} \n\t x", "abcx"),
                Arguments.of("{{range .Names -}}\n  {{.}}\n{{end -}}", "web\ndb\n"),
                Arguments.of("{{if .Running -}}\n  yes\n{{- end}}", "yes"),
                Arguments.of("{{- if .Running }} a {{- else -}} b {{- end }}", " a"),
                Arguments.of("{{-3}} {{ -3 }}", "-3 -3"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("trimming")
    void execute_trimMarkers_removeAdjacentWhitespace(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    static Stream<Arguments> comments() {
        return Stream.of(
                Arguments.of("{{/* comment */}}x", "x"),
                Arguments.of("x{{/* multi\nline */}}y", "xy"),
                Arguments.of("a {{- /* c */ -}} b", "ab"),
                Arguments.of("{{/* x */}}{{/* y */}}z", "z"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("comments")
    void execute_comments_printNothing(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void parse_tableKeyword_isTableAndStripsIt() {
        GoTemplate template = GoTemplate.parse("table  {{.ID}}\t{{.Config.Image}} ");

        assertThat(template.isTable()).isTrue();
        assertThat(template.execute(CONTAINER)).isEqualTo("abc\tnginx");
    }

    @Test
    void parse_noTableKeyword_isNotTable() {
        assertThat(GoTemplate.parse(" {{.ID}}").isTable()).isFalse();
        assertThat(GoTemplate.parse(" {{.ID}}").execute(CONTAINER)).isEqualTo(" abc");
    }

    @Test
    void execute_strictAndFieldPresent_printsIt() {
        assertThat(GoTemplate.parse("{{.ID}} {{.config.image}}").execute(CONTAINER, true))
                .isEqualTo("abc nginx");
    }

    @Test
    void execute_strictAndFieldMissing_failsNamingThePath() {
        assertThatThrownBy(() -> GoTemplate.parse("{{.Nope}}").execute(CONTAINER, true))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type .");
        assertThatThrownBy(() -> GoTemplate.parse("{{.Config.Nope}}").execute(CONTAINER, true))
                .hasMessage("template: :1:9: executing \"\" at <.Config.Nope>: "
                        + "can't evaluate field Nope in type .Config");
    }

    @Test
    void execute_strictWithTypeNames_failsWithCallersTypeName() {
        GoTemplate template = GoTemplate.parse("{{.Config.Image}}{{.Nope}}");

        assertThatThrownBy(() -> template.execute(CONTAINER,
                        path -> path.isEmpty() ? "*formatter.ContainerContext" : "container.Config"))
                .hasMessage("template: :1:19: executing \"\" at <.Nope>: "
                        + "can't evaluate field Nope in type *formatter.ContainerContext");
    }

    @Test
    void execute_lenientAndFieldMissing_printsNoValue() {
        assertThat(GoTemplate.parse("{{.Nope}}").execute(CONTAINER, false)).isEqualTo("<no value>");
    }

    @Test
    void execute_manyThreads_shareOneTemplate() throws Exception {
        GoTemplate template = GoTemplate.parse("{{range .Names}}{{upper .}}{{end}}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> tasks = IntStream.range(0, 64)
                    .mapToObj(i -> (Callable<String>) () -> template.execute(CONTAINER)).toList();
            for (Future<String> result : pool.invokeAll(tasks)) {
                assertThat(result.get()).isEqualTo("WEBDB");
            }
        } finally {
            pool.shutdown();
        }
    }
}
