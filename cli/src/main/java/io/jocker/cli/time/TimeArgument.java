package io.jocker.cli.time;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as users give it to {@code --since}/{@code --until}, turned into the
 * {@code seconds.nanoseconds} the Engine API expects, as the docker CLI does client-side: a unix
 * timestamp passes through; a Go duration ({@code 10m}, {@code 1h30m}, {@code -1h}) means that long
 * before now; a date or date-time (RFC 3339, or local without zone) is converted. Thread-safe.
 */
public final class TimeArgument {
    private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d{1,9})?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private TimeArgument() {}

    /** @throws IllegalArgumentException with the docker CLI's text for a value it cannot read */
    public static String toApiTimestamp(String value, Instant now, ZoneId zone) {
        if (value.isEmpty()) {
            return "";
        }
        if (UNIX.matcher(value).matches()) {
            return value;
        }
        Long durationNanos = parseGoDuration(value);
        if (durationNanos != null) {
            Instant at = now.minusNanos(durationNanos);
            return format(at);
        }
        try {
            return format(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException e) {
            // not a zoned date-time; try the local forms
        }
        try {
            return format(LocalDateTime.parse(value).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return format(LocalDate.parse(value).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    static String format(Instant at) {
        return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
    }

    /** Go's time.ParseDuration; null when the text is not a duration. */
    static Long parseGoDuration(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.startsWith("-");
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0L;
        }
        if (s.isEmpty()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(s);
        int position = 0;
        BigDecimal total = BigDecimal.ZERO;
        while (position < s.length()) {
            if (!m.find(position) || m.start() != position) {
                return null;
            }
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.add(amount.multiply(BigDecimal.valueOf(unit)));
            position = m.end();
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
