package io.jocker.cli.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
    private static final Instant NOW = Instant.parse("2026-11-22T17:00:00.5Z");

    private static String ts(String value) {
        return TimeArgument.toApiTimestamp(value, NOW, ZoneOffset.UTC);
    }

    @Test
    void unixTimestamps_passThrough() {
        assertThat(ts("1795367700")).isEqualTo("1795367700");
        assertThat(ts("1795367700.123")).isEqualTo("1795367700.123");
    }

    @Test
    void durations_countBackFromNow_negativeOnesForward() {
        assertThat(ts("1h")).isEqualTo((NOW.getEpochSecond() - 3600) + ".500000000");
        assertThat(ts("0s")).isEqualTo(NOW.getEpochSecond() + ".500000000");
        assertThat(ts("1h30m")).isEqualTo((NOW.getEpochSecond() - 5400) + ".500000000");
        assertThat(ts("-1h")).isEqualTo((NOW.getEpochSecond() + 3600) + ".500000000");
        assertThat(ts("1.5s")).isEqualTo((NOW.getEpochSecond() - 1) + ".000000000");
    }

    @Test
    void dates_withAndWithoutZone() {
        assertThat(ts("2026-11-22T17:16:00Z")).isEqualTo(Instant.parse("2026-11-22T17:16:00Z").getEpochSecond() + ".000000000");
        assertThat(ts("2026-11-22T17:16:00")).isEqualTo(Instant.parse("2026-11-22T17:16:00Z").getEpochSecond() + ".000000000");
        assertThat(ts("2026-11-22")).isEqualTo(Instant.parse("2026-11-22T00:00:00Z").getEpochSecond() + ".000000000");
    }

    @Test
    void garbage_isRefusedWithDockersText() {
        assertThatThrownBy(() -> ts("garbage")).hasMessage("failed to parse value as time or duration: \"garbage\"");
        assertThatThrownBy(() -> ts("1x")).hasMessageContaining("failed to parse value");
    }

    @Test
    void empty_meansNotGiven() {
        assertThat(ts("")).isEmpty();
    }
}
