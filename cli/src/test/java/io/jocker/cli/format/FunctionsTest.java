package io.jocker.cli.format;

import static io.jocker.cli.format.Json.CONTAINER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Template functions over {@link Json#CONTAINER}. Expected strings come from Go 1.19 with docker's
 * function map (docker/cli templates/templates.go), except where a test says otherwise.
 */
class FunctionsTest {

    private static String run(String template) {
        return GoTemplate.parse(template).execute(CONTAINER);
    }

    static Stream<Arguments> docker() {
        return Stream.of(
                Arguments.of("{{json .Names}} {{json .ID}} {{json .Nope}} {{json .Gone}} {{json 1.5}}",
                        "[\"web\",\"db\"] \"abc\" null null 1.5"),
                Arguments.of("{{json \"<a&b>\"}}", "\"<a&b>\""),
                Arguments.of("{{json .Config}}", "{\"Image\":\"nginx\",\"Env\":{\"Path\":\"/bin\"}}"),
                Arguments.of("{{upper .ID}} {{lower \"ABC\"}} {{title \"hello wORLD foo-bar_baz\"}}",
                        "ABC abc Hello WORLD Foo-Bar_baz"),
                Arguments.of("{{split \"a,b,,c\" \",\"}} {{split \"abc\" \"\"}} {{len (split \"\" \",\")}}",
                        "[a b  c] [a b c] 1"),
                Arguments.of("{{join (split \"a b c\" \" \") \"+\"}}", "a+b+c"),
                Arguments.of("{{truncate .ID 2}} {{truncate .ID 3}} {{truncate .ID 10}}", "ab abc abc"),
                Arguments.of("[{{pad .ID 2 3}}] [{{pad .Empty 2 3}}]", "[  abc   ] []"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("docker")
    void execute_dockerFunctions_matchDocker(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void execute_jsonOfObject_keepsKeyOrder() {
        // Go sorts map keys; docker marshals structs, whose field order the JSON node carries.
        assertThat(run("{{json .}}")).isEqualTo("{\"ID\":\"abc\",\"Names\":[\"web\",\"db\"],"
                + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"Size\":12345,\"Ratio\":1.5,\"Running\":true,"
                + "\"Paused\":false,\"Gone\":null,\"Empty\":\"\",\"Zero\":0,\"None\":[],\"NoLabels\":{},"
                + "\"Config\":{\"Image\":\"nginx\",\"Env\":{\"Path\":\"/bin\"}}}");
    }

    @Test
    void execute_joinOfJsonArray_joinsElements() {
        // Go rejects []interface{} where join wants []string; JSON arrays of strings are []string to us.
        assertThat(run("{{join .Names \", \"}} [{{join .Gone \",\"}}] [{{join .Nope \",\"}}]"))
                .isEqualTo("web, db [] []");
    }

    @Test
    void execute_truncateMultibyte_countsRunes() {
        // docker counts bytes and can cut a character in half; runes keep the text valid.
        assertThat(run("{{truncate \"héllo\" 2}}")).isEqualTo("hé");
    }

    @Test
    void execute_upperAndLower_mapRuneByRune() {
        assertThat(run("{{upper \"straße é\"}} {{lower \"ÀB\"}} {{title \"été ǆx\"}}"))
                .isEqualTo("STRAßE É àb Été ǅx");
    }

    static Stream<Arguments> builtins() {
        return Stream.of(
                Arguments.of("{{len .Names}} {{len .Labels}} {{len .ID}} {{len \"é\"}}", "2 2 3 2"),
                Arguments.of("{{index .Names 0}} {{index .Labels \"a\"}} {{index .Labels \"zz\"}}"
                        + " {{index .Config \"Env\" \"Path\"}}", "web 1 <no value> /bin"),
                Arguments.of("{{index \"abc\" 1}}", "98"),
                Arguments.of("{{eq .ID \"abc\"}} {{eq .ID \"x\" \"abc\"}} {{ne .ID \"abc\"}} {{lt 1 2}}"
                        + " {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1 2}}", "true true false true true true false"),
                Arguments.of("{{eq nil nil}} {{eq .Nope nil}} {{eq true false}}", "true true false"),
                Arguments.of("{{and 1 2}} {{and 0 (index .Names 5)}} {{or .ID (index .Names 5)}}",
                        "2 0 abc"),
                Arguments.of("{{print .ID .Size .Ratio \"x\" 1 2}}|{{print 1 2}}|{{print .Gone}}",
                        "abc12345 1.5x1 2|1 2|<nil>"),
                Arguments.of("{{println .ID .Size}}", "abc 12345\n"),
                Arguments.of("{{print \"a\" \"b\" 1 2 \"c\" 3 nil nil}}", "ab1 2c3 <nil> <nil>"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("builtins")
    void execute_builtins_matchGo(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }

    @Test
    void execute_eqIntegerAndFloat_comparesValues() {
        // Go fails with "incompatible types"; JSON does not say whether 1 is an int or a float.
        assertThat(run("{{eq 1 1.0}} {{lt 1.5 2}} {{eq .Size 12345}}")).isEqualTo("true true true");
    }

    static Stream<Arguments> printf() {
        return Stream.of(
                Arguments.of("{{printf \"%s|%d|%v|%q\" .ID 42 .Names .ID}}", "abc|42|[web db]|\"abc\""),
                Arguments.of("{{printf \"%5s|%-5s|%05d|%.2s|%+d\" \"ab\" \"cd\" 42 \"xyz\" 7}}",
                        "   ab|cd   |00042|xy|+7"),
                Arguments.of("{{printf \"%v|%5v|%-5d|%05s|%.0s|%.10s\" 1 2 3 \"ab\" \"x\" \"short\"}}",
                        "1|    2|3    |000ab||short"),
                Arguments.of("{{printf \"%d\" .ID}} {{printf \"%s\" 5}} {{printf \"%s %s\" .ID}}"
                        + " {{printf \"%s\" .ID 5}} {{printf \"%v %s\" nil nil}} {{printf \"%d%%\" 50}}",
                        "%!d(string=abc) %!s(int=5) abc %!s(MISSING) abc%!(EXTRA int=5) <nil> %!s(<nil>) 50%"),
                Arguments.of("{{printf \"%q\" .Names}} {{printf \"%s\" .Labels}}", "[\"web\" \"db\"] map[a:1 b:2]"),
                Arguments.of("{{printf \"%q\" \"a\\x00\\t\\u00e9\\u00a0\\U0001F600\"}} {{printf \"%q\" 65}}",
                        "\"a\\x00\\té\\u00a0😀\" 'A'"),
                Arguments.of("{{printf \"%05d\" -42}} {{printf \"%-05d|\" 42}} {{printf \"%5.1s|\" \"abc\"}}",
                        "-0042 42   |     a|"),
                Arguments.of("{{printf \"%d %d\" 1.5 -3}} {{printf \"%s %v\" true true}}",
                        "%!d(float64=1.5) -3 %!s(bool=true) true"),
                Arguments.of("{{printf \"%\"}} {{printf \"x\" nil 1 \"a\"}}",
                        "%!(NOVERB) x%!(EXTRA <nil>, int=1, string=a)"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("printf")
    void execute_printf_matchesGoFmt(String template, String expected) {
        assertThat(run(template)).isEqualTo(expected);
    }
}
