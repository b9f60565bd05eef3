package io.jocker.api.server.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContainerTranslatorTest {
    @Test
    void time_unsetAndTrimmed() {
        assertThat(ContainerTranslator.time(null)).isEqualTo("0001-01-01T00:00:00Z");
        // Go's RFC3339Nano trims every trailing zero (Java's Instant.toString keeps groups of three)
        assertThat(ContainerTranslator.time(Instant.parse("2026-11-22T15:43:13.321600Z")))
                .isEqualTo("2026-11-22T15:43:13.3216Z");
        assertThat(ContainerTranslator.time(Instant.parse("2026-11-22T15:43:13Z"))).isEqualTo("2026-11-22T15:43:13Z");
        assertThat(ContainerTranslator.time(Instant.parse("2026-11-22T15:43:13.000000001Z")))
                .isEqualTo("2026-11-22T15:43:13.000000001Z");
    }

    @Test
    void human_matchesGoUnits() {
        assertThat(ContainerTranslator.human(Duration.ofMillis(300))).isEqualTo("Less than a second");
        assertThat(ContainerTranslator.human(Duration.ofSeconds(5))).isEqualTo("5 seconds");
        assertThat(ContainerTranslator.human(Duration.ofSeconds(70))).isEqualTo("About a minute");
        assertThat(ContainerTranslator.human(Duration.ofHours(3))).isEqualTo("3 hours");
    }
}
