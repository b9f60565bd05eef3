package io.jocker.runtime.log;

import java.time.Instant;

/**
 * Which messages {@code docker logs} wants.
 *
 * @param since only messages at or after this time; null for no bound
 * @param until only messages at or before this time; null for no bound
 * @param tail the last N messages after the other filters; negative for all
 */
public record LogQuery(boolean stdout, boolean stderr, Instant since, Instant until, int tail) {
    public static LogQuery all() {
        return new LogQuery(true, true, null, null, -1);
    }

    boolean accepts(LogMessage m) {
        if (m.stream() == LogStream.STDOUT ? !stdout : !stderr) {
            return false;
        }
        if (since != null && m.timestamp().isBefore(since)) {
            return false;
        }
        return until == null || !m.timestamp().isAfter(until);
    }
}
