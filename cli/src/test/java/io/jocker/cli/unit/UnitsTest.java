package io.jocker.cli.unit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden values of go-units as docker prints them. */
class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "1, 1B",
        "999, 999B",
        "1000, 1kB",
        "1500, 1.5kB",
        "4261024, 4.26MB",
        "1985480, 1.99MB",
        "7330000, 7.33MB",
        "100000000, 100MB",
        // rounds up to the next unit's 1000 but stays in this unit: Go then writes an exponent
        "999999, 1e+03kB",
        "1234567890123, 1.23TB",
        "5, 5B",
    })
    void humanSizeWithPrecision3_matchesDocker(long bytes, String expected) {
        assertThat(Units.humanSizeWithPrecision(bytes, 3)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0B",
        "1985480, 1.985MB",
        "4261024, 4.261MB",
        "999999, 1000kB",
        "9999999, 10MB",
        "123456, 123.5kB",
    })
    void humanSize_hasFourDigits(long bytes, String expected) {
        assertThat(Units.humanSize(bytes)).isEqualTo(expected);
    }

    @Test
    void bytesSize_isBinary() {
        assertThat(Units.bytesSize(25_277_005_824L)).isEqualTo("23.54GiB");
        assertThat(Units.bytesSize(1024)).isEqualTo("1KiB");
    }

    @Test
    void formatG_followsGo() {
        assertThat(Units.formatG(0.000012345, 3)).isEqualTo("1.23e-05");
        assertThat(Units.formatG(0.00012345, 3)).isEqualTo("0.000123");
        assertThat(Units.formatG(123, 3)).isEqualTo("123");
        assertThat(Units.formatG(1234, 3)).isEqualTo("1.23e+03");
        assertThat(Units.formatG(2.5, 1)).isEqualTo("2"); // exact tie: half to even
        assertThat(Units.formatG(3.5, 1)).isEqualTo("4");
        assertThat(Units.formatG(1.0, 3)).isEqualTo("1");
    }

    @ParameterizedTest
    @CsvSource({
        "0, Less than a second",
        "-5, Less than a second",
        "1, 1 second",
        "59, 59 seconds",
        "60, About a minute",
        "119, About a minute",
        "120, 2 minutes",
        "3599, 59 minutes",
        "3600, About an hour",
        "5399, About an hour",
        "5400, 2 hours",
        "170999, 47 hours",
        "171000, 2 days", // 47.5 hours round to 48
        "172800, 2 days",
        "1207799, 13 days",
        "1209600, 2 weeks",
        "5182199, 8 weeks",
        "5184000, 2 months",
        "17280000, 6 months",
        "63070199, 24 months",
        // go-units rounds hours up for the month test but truncates them for years: docker says "1 years"
        "63071999, 1 years",
        "63072000, 2 years",
    })
    void humanDuration_matchesGoUnits(long seconds, String expected) {
        assertThat(Units.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }
}
