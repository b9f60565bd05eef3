package io.jocker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker's --format rules. Expected strings come from docker's formatter logic run in Go 1.19 over
 * the same rows, except where a test says otherwise.
 */
class FormatterTest {

    private static final List<JsonNode> ROWS = List.of(
            Json.parse("""
                     {"ID": "0123456789abcdef", "Image": "nginx", "Names": "web", "Ports": "80/tcp",
                      "Labels": "a=1,b=2", "Size": "1.2kB"}"""),
            Json.parse("""
                     {"ID": "fedcba9876543210", "Image": "redis:7", "Names": "cache", "Ports": "",
                      "Labels": "", "Size": "0B"}"""));

    private static final Map<String, String> HEADERS = Map.of("ID", "CONTAINER ID", "Image", "IMAGE",
            "Names", "NAMES", "Ports", "PORTS", "Labels", "LABELS", "Size", "SIZE");

    @Test
    void render_table_alignsHeaderAndRows() {
        String out = Formatter.render("table {{.ID}}\t{{.Image}}\t{{.Ports}}\t{{.Names}}", ROWS, HEADERS);

        assertThat(out).isEqualTo("""
                CONTAINER ID       IMAGE     PORTS     NAMES
                0123456789abcdef   nginx     80/tcp    web
                fedcba9876543210   redis:7             cache
                """);
    }

    @Test
    void render_escapedTabsAndNewlines_becomeRealOnes() {
        // Shells hand docker a backslash and a letter; docker turns them into the characters.
        String out = Formatter.render("table {{.ID}}\\t{{.Names}}", ROWS, HEADERS);

        assertThat(out).isEqualTo("""
                CONTAINER ID       NAMES
                0123456789abcdef   web
                fedcba9876543210   cache
                """);
        assertThat(Formatter.render("{{.Names}}\\n", ROWS, HEADERS)).isEqualTo("web\n\ncache\n\n");
    }

    @Test
    void render_tableWithFunctions_keepsHeadersIntact() {
        String out = Formatter.render(
                "table {{truncate .ID 12}}\\t{{upper .Names}}\\t{{json .Image}}\\t{{split .Labels \",\"}}",
                ROWS, HEADERS);

        assertThat(out).isEqualTo("""
                CONTAINER ID   NAMES     IMAGE       LABELS
                0123456789ab   WEB       "nginx"     [a=1 b=2]
                fedcba987654   CACHE     "redis:7"   []
                """);
    }

    @Test
    void render_tableWithPad_padsHeaderToo() {
        String out = Formatter.render("table {{pad .Names 2 2}}|\\t{{.Size}}", ROWS, HEADERS);

        assertThat(out).isEqualTo("""
                  NAMES  |   SIZE
                  web  |     1.2kB
                  cache  |   0B
                """);
    }

    @Test
    void render_tableFieldWithoutHeader_usesUpperCasedName() {
        // docker would print <no value> for a field its header map lacks; a name is more useful.
        String out = Formatter.render("table {{.Image}}\\t{{.Status}}", ROWS, Map.of());

        assertThat(out).isEqualTo("""
                IMAGE     STATUS
                nginx     <no value>
                redis:7   <no value>
                """);
    }

    @Test
    void render_tableWithoutRows_printsHeaderOnly() {
        assertThat(Formatter.render("table {{.ID}}\\t{{.Names}}", List.of(), HEADERS))
                .isEqualTo("CONTAINER ID   NAMES\n");
    }

    @Test
    void render_tableHeaderFailure_keepsHeaderWrittenSoFar() {
        // In the header .Mounts is the string "MOUNTS" and range fails; docker ignores that.
        List<JsonNode> rows = List.of(Json.parse("{\"Names\": \"web\", \"Mounts\": [\"/a\", \"/b\"]}"),
                Json.parse("{\"Names\": \"cache\", \"Mounts\": []}"));

        String out = Formatter.render("table {{.Names}}\\t{{range .Mounts}}{{.}},{{end}}", rows,
                Map.of("Names", "NAMES", "Mounts", "MOUNTS"));

        assertThat(out).isEqualTo("NAMES     \nweb       /a,/b,\ncache     \n");
    }

    @Test
    void render_json_printsOneObjectPerLine() {
        assertThat(Formatter.render("json", ROWS.subList(0, 1), HEADERS)).isEqualTo(
                "{\"ID\":\"0123456789abcdef\",\"Image\":\"nginx\",\"Names\":\"web\",\"Ports\":\"80/tcp\","
                        + "\"Labels\":\"a=1,b=2\",\"Size\":\"1.2kB\"}\n");
    }

    @Test
    void render_plainTemplate_printsOneLinePerRow() {
        assertThat(Formatter.render("  {{.Names}}: {{.Image}}  ", ROWS, HEADERS))
                .isEqualTo("web: nginx\ncache: redis:7\n");
        assertThat(Formatter.render("{{.ID}}", List.of(), HEADERS)).isEmpty();
    }

    @Test
    void render_badTemplate_failsWithDockersPrefix() {
        assertThatThrownBy(() -> Formatter.render("{{.Names", ROWS, HEADERS))
                .isInstanceOf(TemplateException.class)
                .hasMessage("template parsing error: template: :1: unclosed action");
    }

    @Test
    void render_strictAndMissingField_failsWithDockersPrefix() {
        assertThatThrownBy(() -> Formatter.render("table {{.Nope}}", ROWS, HEADERS, true))
                .hasMessage("template parsing error: template: :1:2: executing \"\" at <.Nope>: "
                        + "can't evaluate field Nope in type .");
    }
}
