package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.format.MarshaledObject;
import io.jocker.oci.reference.Reference;
import io.jocker.cli.unit.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of {@code jocker images}: docker/cli formatter/image.go's {@code imageContext}, one per
 * repository and tag of each image summary the engine sent, with the same field names and text.
 *
 * <ul>
 *   <li>An image with neither tags nor digests (or only {@code <none>:<none>} and
 *       {@code <none>@<none>}, as engines below API 1.43 say it) is one row of {@code <none>}.
 *   <li>Otherwise a row per tag, grouped by familiar repository name in the order first seen (Go
 *       walks a map here, in random order; first-seen is the stable choice). When digests are
 *       shown, a row per tag and digest. Digests of a repository without tags get a row with tag
 *       {@code <none>}.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class ImageRows {
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z",
            Locale.ENGLISH);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("z", Locale.ENGLISH);

    /** {@code time.Time{}.Unix()}: what a Go engine sends for an image without a creation time. */
    private static final long GO_ZERO_TIME = -62_135_596_800L;

    /** Column titles by field (formatter/image.go newImageContext). */
    static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("ID", "IMAGE ID"), Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"),
            Map.entry("Digest", "DIGEST"), Map.entry("CreatedSince", "CREATED"), Map.entry("CreatedAt", "CREATED AT"),
            Map.entry("Size", "SIZE"), Map.entry("Containers", "CONTAINERS"), Map.entry("VirtualSize", "SIZE"),
            Map.entry("SharedSize", "SHARED SIZE"), Map.entry("UniqueSize", "UNIQUE SIZE"));

    static final String DEFAULT_TABLE = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t"
            + "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final String DEFAULT_TABLE_WITH_DIGEST = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t"
            + "{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final String QUIET = "{{.ID}}";

    private ImageRows() {}

    /** formatter.NewImageFormat: what a {@code --format} value (or "table") means with -q and --digests. */
    static String format(String source, boolean quiet, boolean digests) {
        switch (source) {
            case "table" -> {
                return quiet ? QUIET : digests ? DEFAULT_TABLE_WITH_DIGEST : DEFAULT_TABLE;
            }
            case "raw" -> {
                if (quiet) {
                    return "image_id: {{.ID}}";
                }
                return "repository: {{ .Repository }}\ntag: {{.Tag}}\n" + (digests ? "digest: {{.Digest}}\n" : "")
                        + "image_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
            }
            default -> {
                if (source.startsWith("table") && digests && !source.contains("{{.Digest}}")) {
                    return source + "\t{{.Digest}}";
                }
                return source;
            }
        }
    }

    /**
     * @param truncate shorten IDs to 12 hex digits (not {@code --no-trunc})
     * @param showDigests {@code --digests}
     * @param format the final format: a {@code {{.Digest}}} in it also asks for digest rows
     * @param zone for {@code CreatedAt}; null when the format cannot show it, which spares
     *     loading time zone names (left empty then)
     */
    static List<JsonNode> rows(JsonNode summaries, boolean truncate, boolean showDigests, String format,
            Instant now, ZoneId zone) {
        boolean needDigest = showDigests || format.contains("{{.Digest}}");
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode image : summaries) {
            if (isDangling(image)) {
                rows.add(row(image, "<none>", "<none>", "<none>", truncate, now, zone));
                continue;
            }
            Map<String, List<String>> repoTags = new LinkedHashMap<>();
            Map<String, List<String>> repoDigests = new LinkedHashMap<>();
            for (JsonNode text : image.path("RepoTags")) {
                Reference ref = parse(text.asText());
                if (ref != null && ref.tag().isPresent()) {
                    repoTags.computeIfAbsent(ref.familiarName(), k -> new ArrayList<>()).add(ref.tag().get());
                }
            }
            for (JsonNode text : image.path("RepoDigests")) {
                Reference ref = parse(text.asText());
                if (ref != null && ref.digest().isPresent()) {
                    repoDigests.computeIfAbsent(ref.familiarName(), k -> new ArrayList<>())
                            .add(ref.digest().get().toString());
                }
            }
            for (Map.Entry<String, List<String>> entry : repoTags.entrySet()) {
                List<String> digests = repoDigests.remove(entry.getKey());
                if (!needDigest || digests == null) {
                    digests = List.of();
                }
                for (String tag : entry.getValue()) {
                    if (digests.isEmpty()) {
                        rows.add(row(image, entry.getKey(), tag, "<none>", truncate, now, zone));
                    }
                    for (String digest : digests) {
                        rows.add(row(image, entry.getKey(), tag, digest, truncate, now, zone));
                    }
                }
            }
            for (Map.Entry<String, List<String>> entry : repoDigests.entrySet()) {
                if (showDigests) {
                    for (String digest : entry.getValue()) {
                        rows.add(row(image, entry.getKey(), "<none>", digest, truncate, now, zone));
                    }
                } else {
                    rows.add(row(image, entry.getKey(), "<none>", "", truncate, now, zone));
                }
            }
        }
        return rows;
    }

    /** formatter.isDangling. */
    static boolean isDangling(JsonNode image) {
        JsonNode tags = image.path("RepoTags");
        JsonNode digests = image.path("RepoDigests");
        if (tags.size() == 0 && digests.size() == 0) {
            return true;
        }
        return tags.size() == 1 && tags.get(0).asText().equals("<none>:<none>")
                && digests.size() == 1 && digests.get(0).asText().equals("<none>@<none>");
    }

    private static Reference parse(String text) {
        try {
            return Reference.parse(text);
        } catch (RuntimeException e) {
            return null; // docker skips what does not parse ("<none>:<none>")
        }
    }

    /** One imageContext, its fields in the order Go marshals them (sorted). */
    private static JsonNode row(JsonNode image, String repo, String tag, String digest, boolean truncate,
            Instant now, ZoneId zone) {
        String id = image.path("Id").asText("");
        long created = image.path("Created").asLong(0);
        long size = image.path("Size").asLong(0);
        long containers = image.path("Containers").asLong(0);
        long shared = image.path("SharedSize").asLong(0);
        Instant createdAt = Instant.ofEpochSecond(created);
        MarshaledObject row = new MarshaledObject();
        row.put("Containers", containers == -1 ? "N/A" : Long.toString(containers));
        row.put("CreatedAt", zone == null ? "" : goTimeString(createdAt.atZone(zone)));
        // Go's zero time (year 1) has no age: the default table shows N/A
        row.put("CreatedSince", created == GO_ZERO_TIME ? ""
                : Units.humanDuration(Duration.between(createdAt, now)) + " ago");
        row.put("Digest", digest);
        row.put("ID", truncate ? truncateId(id) : id);
        row.put("Repository", repo);
        row.put("SharedSize", shared == -1 ? "N/A" : Units.humanSize(shared));
        row.put("Size", Units.humanSizeWithPrecision(size, 3));
        row.put("Tag", tag);
        row.put("UniqueSize", size == -1 || shared == -1 ? "N/A" : Units.humanSize(size - shared));
        row.put("VirtualSize", Units.humanSize(size));
        return row;
    }

    /**
     * Go's {@code time.Time.String()} for whole seconds: "2026-01-02 15:04:05 +0000 UTC". Go names
     * UTC "UTC" and a zone without a name by its offset; other zones by their abbreviation.
     */
    static String goTimeString(ZonedDateTime time) {
        ZoneId zone = time.getZone().normalized();
        String name;
        if (zone.equals(ZoneOffset.UTC)) {
            name = "UTC";
        } else if (zone instanceof ZoneOffset) {
            name = DateTimeFormatter.ofPattern("xx").format(time);
        } else {
            name = ZONE_NAME.format(time);
        }
        return GO_TIME.format(time) + " " + name;
    }

    /** formatter.TruncateID: drop the algorithm, keep 12 characters. */
    static String truncateId(String id) {
        int colon = id.indexOf(':');
        String hex = colon >= 0 ? id.substring(colon + 1) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
