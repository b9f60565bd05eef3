package io.jocker.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class K8sFileLogTest {
    private static final String GOLDEN = """
            2026-11-22T16:44:29.680785472+00:00 stdout F out 1
            2026-11-22T16:44:29.680785472+00:00 stdout P partial-1
            2026-11-22T16:44:29.680870208+00:00 stderr F err 1
            2026-11-22T17:44:30.182086346+01:00 stdout F  done
            not a record
            2026-11-22T16:44:31.000000000+00:00 stdout F
            2026-11-22T16:44:32.5+00:00 stderr P tail-no-newline
            2026-11-22T16:44:33.000000000+00:00 stdout F half-writ""";

    private static byte[] golden() {
        return GOLDEN.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> render(List<LogMessage> ms) {
        return ms.stream().map(m -> m.timestampText() + " " + m.stream() + " " + m.text()).toList();
    }

    @Test
    void read_all_joinsPartialsPerStreamAndConvertsToUtc() {
        assertThat(render(K8sFileLog.read(golden(), LogQuery.all()))).containsExactly(
                "2026-11-22T16:44:29.680785472Z stdout out 1\n",
                "2026-11-22T16:44:29.680870208Z stderr err 1\n",
                "2026-11-22T16:44:29.680785472Z stdout partial-1 done\n",
                "2026-11-22T16:44:31.000000000Z stdout \n",
                "2026-11-22T16:44:32.500000000Z stderr tail-no-newline");
    }

    @Test
    void read_stdoutOnly_dropsStderr() {
        var q = new LogQuery(true, false, null, null, -1);
        assertThat(K8sFileLog.read(golden(), q)).extracting(LogMessage::text)
                .containsExactly("out 1\n", "partial-1 done\n", "\n");
    }

    @Test
    void read_stderrTail1_keepsLast() {
        var q = new LogQuery(false, true, null, null, 1);
        assertThat(K8sFileLog.read(golden(), q)).extracting(LogMessage::text).containsExactly("tail-no-newline");
    }

    @Test
    void read_sinceUntil_inclusiveBounds() {
        var q = new LogQuery(true, true, Instant.parse("2026-11-22T16:44:29.680870208Z"),
                Instant.parse("2026-11-22T16:44:31Z"), -1);
        assertThat(K8sFileLog.read(golden(), q)).extracting(LogMessage::text)
                .containsExactly("err 1\n", "\n");
    }

    @Test
    void read_tail0_isEmpty() {
        assertThat(K8sFileLog.read(golden(), new LogQuery(true, true, null, null, 0))).isEmpty();
    }

    @Test
    void parseLine_fullWithoutContent_isEmptyFull() {
        var r = K8sFileLog.parseLine("2026-11-22T16:44:31.000000000+00:00 stdout F");
        assertThat(r).isNotNull();
        assertThat(r.partial()).isFalse();
        assertThat(r.content()).isEmpty();
    }

    @Test
    void parseLine_badTag_isNull() {
        assertThat(K8sFileLog.parseLine("2026-11-22T16:44:31.000000000+00:00 stdout X y")).isNull();
        assertThat(K8sFileLog.parseLine("2026-11-22T16:44:31.000000000+00:00 stdin F y")).isNull();
    }

    @Test
    void formatTimestamp_alwaysNineDigits() {
        assertThat(LogMessage.formatTimestamp(Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("2026-01-02T03:04:05.000000000Z");
    }
}
