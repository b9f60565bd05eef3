package io.jocker.runtime.log;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One log message as {@code docker logs} shows it: the joined bytes of its records, ending in
 * {@code \n} unless the output stopped mid-line.
 *
 * @param timestamp the time of its first record
 */
public record LogMessage(Instant timestamp, LogStream stream, byte[] line) {
    /** Docker's {@code RFC3339NanoFixed}: UTC, always nine fraction digits. */
    private static final DateTimeFormatter UTC_NANO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    public LogMessage {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(line, "line");
    }

    /** The timestamp as {@code docker logs -t} prints it, e.g. {@code 2026-11-22T16:44:29.680785472Z}. */
    public String timestampText() {
        return formatTimestamp(timestamp);
    }

    public static String formatTimestamp(Instant t) {
        return UTC_NANO.format(t);
    }

    public String text() {
        return new String(line, StandardCharsets.UTF_8);
    }
}
