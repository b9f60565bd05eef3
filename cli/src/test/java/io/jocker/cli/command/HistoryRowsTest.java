package io.jocker.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.JsonTrees;
import io.jocker.cli.format.Formatter;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** {@code jocker history} output, golden against docker/cli image/formatter_history.go. */
class HistoryRowsTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
    private static final String ID = "sha256:d681824f9cdd2e1a4b1c5c0cd4b0c7a05f6e0c7b8f3a1b2c3d4e5f60718293a4";

    private static final JsonNode HISTORY = JsonTrees.read(("""
            [{"Id":"%s","Created":%d,"CreatedBy":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","Tags":["bb:1"],"Size":0,
              "Comment":""},
             {"Id":"<missing>","Created":%d,"CreatedBy":"/bin/sh -c #(nop) ADD file:5b1e63a3cb041177\\tin / ",
              "Tags":null,"Size":4261024,"Comment":"imported"},
             {"Id":"<missing>","Created":0,"CreatedBy":"","Tags":null,"Size":0,"Comment":""}]
            """).formatted(ID, NOW.getEpochSecond() - 90, NOW.getEpochSecond() - 3 * 7 * 86400));

    private static String render(String source, boolean quiet, boolean human, boolean truncate) {
        String format = HistoryRows.format(source, quiet, human);
        return Formatter.render(format, HistoryRows.rows(HISTORY, truncate, human, NOW, ZoneOffset.UTC),
                HistoryRows.HEADERS, path -> "*image.historyContext");
    }

    @Test
    void defaultTable_humanTimesAndSizes_missingIds_createdByCutAt45() {
        assertThat(render("table", false, true, true)).isEqualTo("""
                IMAGE          CREATED              CREATED BY                                      SIZE      COMMENT
                d681824f9cdd   About a minute ago   /bin/sh -c #(nop)  CMD ["sh"]                   0B       \s
                <missing>      3 weeks ago          /bin/sh -c #(nop) ADD file:5b1e63a3cb041177 …   4.26MB    imported
                <missing>      N/A                                                                  0B       \s
                """);
    }

    @Test
    void notHuman_showsRfc3339AndBytes() {
        assertThat(render("table", false, false, true)).isEqualTo("""
                IMAGE          CREATED AT             CREATED BY                                      SIZE      COMMENT
                d681824f9cdd   2026-05-10T11:58:30Z   /bin/sh -c #(nop)  CMD ["sh"]                   0        \s
                <missing>      2026-04-19T12:00:00Z   /bin/sh -c #(nop) ADD file:5b1e63a3cb041177 …   4261024   imported
                <missing>      1970-01-01T00:00:00Z                                                   0        \s
                """);
    }

    @Test
    void noTrunc_keepsFullIdsAndCommands_tabsBecomeSpaces() {
        assertThat(render("{{.ID}}|{{.CreatedBy}}", false, true, false)).isEqualTo(ID
                + "|/bin/sh -c #(nop)  CMD [\"sh\"]\n<missing>|/bin/sh -c #(nop) ADD file:5b1e63a3cb041177 in / \n"
                + "<missing>|\n");
    }

    @Test
    void quiet_printsIds() {
        assertThat(render("table", true, true, true)).isEqualTo("d681824f9cdd\n<missing>\n<missing>\n");
    }

    @Test
    void json_hasDockersFields() {
        assertThat(render("json", false, true, true).lines().findFirst().orElseThrow()).isEqualTo(
                "{\"Comment\":\"\",\"CreatedAt\":\"2026-05-10T11:58:30Z\",\"CreatedBy\":"
                        + "\"/bin/sh -c #(nop)  CMD [\\\"sh\\\"]\",\"CreatedSince\":\"About a minute ago\","
                        + "\"ID\":\"d681824f9cdd\",\"Size\":\"0B\"}");
    }

    @Test
    void ellipsis_countsWideCharactersTwice() {
        assertThat(HistoryRows.ellipsis("abcdef", 4)).isEqualTo("abc…");
        assertThat(HistoryRows.ellipsis("abcd", 4)).isEqualTo("abcd");
        assertThat(HistoryRows.ellipsis("你好世界", 5)).isEqualTo("你好…");
        assertThat(HistoryRows.ellipsis("x", 1)).isEqualTo("x");
    }
}
