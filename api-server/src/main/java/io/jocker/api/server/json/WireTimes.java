package io.jocker.api.server.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Times as dockerd writes them in JSON. Stateless. */
public final class WireTimes {
    /** RFC 3339 with nanoseconds, trailing zeros trimmed, as Go's time.RFC3339Nano. */
    public static final DateTimeFormatter RFC3339_NANO = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().appendOffsetId()
            .toFormatter().withZone(ZoneOffset.UTC);

    /** Go's zero time, what dockerd shows for a time never set. */
    public static final String ZERO = "0001-01-01T00:00:00Z";

    private WireTimes() {}

    /** {@link #RFC3339_NANO}, or {@link #ZERO} for null. */
    public static String rfc3339Nano(Instant at) {
        return at == null ? ZERO : RFC3339_NANO.format(at);
    }
}
