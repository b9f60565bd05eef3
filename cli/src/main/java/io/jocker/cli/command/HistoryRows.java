package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.format.MarshaledObject;
import io.jocker.cli.unit.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of {@code jocker history}: docker/cli image/formatter_history.go's
 * {@code historyContext}, with its field names and text. {@code <missing>} IDs (layers built
 * elsewhere) pass through; sizes and times are human ("2 days ago", "4.26MB") unless
 * {@code --human=false} (RFC 3339 times, bytes). Stateless and thread-safe.
 */
final class HistoryRows {
    /** Go's time.RFC3339 in local time: "2026-01-02T15:04:05Z", "…+01:00". */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    /** Layers created before 2000 have no meaningful time (formatter_history.go epoch). */
    private static final long EPOCH_2000 = 946_684_800L;
    private static final int CREATED_BY_WIDTH = 45;

    static final Map<String, String> HEADERS = Map.of("ID", "IMAGE", "CreatedSince", "CREATED",
            "CreatedAt", "CREATED AT", "CreatedBy", "CREATED BY", "Size", "SIZE", "Comment", "COMMENT");

    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";
    static final String NON_HUMAN_TABLE = "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}";

    private HistoryRows() {}

    /** newHistoryFormat: what a {@code --format} value (or "table") means with -q and -H. */
    static String format(String source, boolean quiet, boolean human) {
        if (source.equals("table")) {
            return quiet ? ImageRows.QUIET : human ? DEFAULT_TABLE : NON_HUMAN_TABLE;
        }
        return source;
    }

    static List<JsonNode> rows(JsonNode history, boolean truncate, boolean human, Instant now, ZoneId zone) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode item : history) {
            long created = item.path("Created").asLong(0);
            long size = item.path("Size").asLong(0);
            String id = item.path("Id").asText("");
            String createdAt = RFC3339.format(Instant.ofEpochSecond(created).atZone(zone));
            String createdBy = item.path("CreatedBy").asText("").replace('\t', ' ');
            MarshaledObject row = new MarshaledObject();
            row.put("Comment", item.path("Comment").asText(""));
            row.put("CreatedAt", createdAt);
            row.put("CreatedBy", truncate ? ellipsis(createdBy, CREATED_BY_WIDTH) : createdBy);
            String since;
            if (!human) {
                since = createdAt;
            } else if (created <= EPOCH_2000) {
                since = "N/A";
            } else {
                since = Units.humanDuration(Duration.between(Instant.ofEpochSecond(created), now)) + " ago";
            }
            row.put("CreatedSince", since);
            row.put("ID", truncate ? ImageRows.truncateId(id) : id);
            row.put("Size", human ? Units.humanSizeWithPrecision(size, 3) : Long.toString(size));
            rows.add(row);
        }
        return rows;
    }

    /**
     * formatter.Ellipsis: cut to {@code max} display columns, the last one an ellipsis. East
     * Asian wide and full-width characters take two columns.
     */
    static String ellipsis(String s, int max) {
        if (max <= 0) {
            return "";
        }
        int[] runes = s.codePoints().toArray();
        if (max == 1) {
            return runes.length == 0 ? "" : new String(runes, 0, 1);
        }
        int[] widths = new int[runes.length];
        int total = 0;
        for (int i = 0; i < runes.length; i++) {
            total += isWide(runes[i]) ? 2 : 1;
            widths[i] = total;
        }
        if (total <= max) {
            return s;
        }
        for (int i = 0; i + 1 < runes.length; i++) {
            if (widths[i] <= max - 1 && widths[i + 1] > max - 1) {
                return new String(runes, 0, i + 1) + "…";
            }
        }
        return s; // the first rune alone is already too wide: Go leaves the text as it is

    }

    /** East Asian Wide (W) and Fullwidth (F) blocks, the ones golang.org/x/text/width reports. */
    private static boolean isWide(int c) {
        return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF)
                || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF)
                || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F)
                || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
                || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
    }
}
