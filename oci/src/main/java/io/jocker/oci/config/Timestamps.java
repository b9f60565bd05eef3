package io.jocker.oci.config;

import io.jocker.common.error.EngineException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * RFC 3339 timestamps as image configs carry them. Go refuses a config whose timestamps do not
 * parse, so Docker does not load such an image; we refuse it too. Stateless.
 */
final class Timestamps {
    private Timestamps() {}

    /** {@code text} unchanged if it is empty or a valid timestamp; "" for null. */
    static String check(String text, String field) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return text;
        } catch (DateTimeParseException e) {
            throw EngineException.invalidArgument(field + ": invalid timestamp " + text, e);
        }
    }

    static Optional<Instant> parse(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /**
     * Go's {@code time.RFC3339Nano} in UTC, as Docker writes {@code created}: fractional seconds
     * without trailing zeros, none at all on a whole second.
     */
    static String format(Instant instant) {
        if (instant == null) {
            return "";
        }
        OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(SECONDS.format(utc));
        if (utc.getNano() != 0) {
            String fraction = String.format("%09d", utc.getNano());
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            b.append('.').append(fraction, 0, end);
        }
        return b.append('Z').toString();
    }
}
