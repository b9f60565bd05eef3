package io.jocker.cli.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Alignment with docker's settings. Expected strings are what Go's
 * {@code tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)} writes for the same input.
 */
class TableWriterTest {

    static Stream<Arguments> docker() {
        return Stream.of(
                Arguments.of("ID\tNAME\nabc\tx\nabcdefghijkl\ty\n",
                        "ID             NAME\nabc            x\nabcdefghijkl   y\n"),
                Arguments.of("ID\tNAME\nabc\tx\n", "ID        NAME\nabc       x\n"),
                Arguments.of("CONTAINER ID\tIMAGE\tPORTS\tNAMES\n"
                                + "0123456789ab\tnginx\t80/tcp\tweb\n"
                                + "fedcba987654\tredis\t\tcache\n",
                        "CONTAINER ID   IMAGE     PORTS     NAMES\n"
                                + "0123456789ab   nginx     80/tcp    web\n"
                                + "fedcba987654   redis               cache\n"),
                Arguments.of("a\tb\tc\nxx\ty\nz\n", "a         b         c\nxx        y\nz\n"),
                Arguments.of("a\tb\tc\nxx\ty\n\nq\tr\n", "a         b         c\nxx        y\n\nq         r\n"),
                Arguments.of("aaaaaaaaaaaaaaaaaaaa\tb\nc\td\te\n",
                        "aaaaaaaaaaaaaaaaaaaa   b\nc                      d         e\n"),
                Arguments.of("é\tñ\nabcdefghijklmn\tz\n", "é                ñ\nabcdefghijklmn   z\n"),
                Arguments.of("x\ty\t", "x         y"),
                Arguments.of("no tabs\nat all", "no tabs\nat all"),
                Arguments.of("a\tb\fc\td\n", "a         b\nc         d\n"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("docker")
    void align_dockerSettings_matchesGoTabwriter(String text, String expected) {
        assertThat(TableWriter.docker().align(text)).isEqualTo(expected);
    }

    @Test
    void align_lastCellOfLine_isNotPadded() {
        assertThat(TableWriter.docker().align("a\tlast\n")).isEqualTo("a         last\n");
    }

    @Test
    void align_tabPadding_roundsToTabStops() {
        TableWriter tabs = new TableWriter(0, 8, 1, '\t');

        assertThat(tabs.align("a\tb\nlonger name\tc\n")).isEqualTo("a\t\tb\nlonger name\tc\n");
    }

    @Test
    void create_negativeWidth_isRejected() {
        assertThatThrownBy(() -> new TableWriter(-1, 1, 3, ' '))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
