package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.format.GoLiteral;
import io.jocker.cli.format.MarshaledObject;
import io.jocker.cli.unit.Units;
import io.jocker.oci.reference.Reference;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rows of {@code jocker ps}: docker/cli formatter/container.go's {@code ContainerContext}
 * (v28), one per container summary, with the same field names and text, keys sorted as Go
 * marshals them, and {@code .Label "k"} as a method. Stateless and thread-safe.
 */
final class ContainerRows {
    static final String DEFAULT_TABLE =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    static final String QUIET = "{{.ID}}";

    /** Column titles by field (NewContainerContext). */
    static final Map<String, String> HEADERS = Map.ofEntries(
            Map.entry("ID", "CONTAINER ID"), Map.entry("Names", "NAMES"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
            Map.entry("Ports", "PORTS"), Map.entry("State", "STATE"), Map.entry("Status", "STATUS"),
            Map.entry("Size", "SIZE"), Map.entry("Labels", "LABELS"), Map.entry("Mounts", "MOUNTS"),
            Map.entry("LocalVolumes", "LOCAL VOLUMES"), Map.entry("Networks", "NETWORKS"),
            Map.entry("Platform", "PLATFORM"));

    private ContainerRows() {}

    /** formatter.NewContainerFormat. */
    static String format(String source, boolean quiet, boolean size) {
        switch (source) {
            case "", "table" -> {
                return quiet ? QUIET : size ? DEFAULT_TABLE + "\t{{.Size}}" : DEFAULT_TABLE;
            }
            case "raw" -> {
                if (quiet) {
                    return "container_id: {{.ID}}";
                }
                return "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\n"
                        + "state: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\n"
                        + "labels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n"
                        + (size ? "size: {{.Size}}\\n" : "");
            }
            default -> {
                return quiet ? QUIET : source;
            }
        }
    }

    /**
     * @param zone for {@code CreatedAt}; null when the format cannot show it (left empty then)
     */
    static List<JsonNode> rows(JsonNode summaries, boolean truncate, Instant now, ZoneId zone) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode c : summaries) {
            rows.add(row(c, truncate, now, zone));
        }
        return rows;
    }

    private static JsonNode row(JsonNode c, boolean trunc, Instant now, ZoneId zone) {
        long created = c.path("Created").asLong(0);
        Instant createdAt = Instant.ofEpochSecond(created);
        Map<String, String> labels = new TreeMap<>();
        c.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        MarshaledObject row = new MarshaledObject();
        String command = c.path("Command").asText("");
        row.put("Command", GoLiteral.quote(trunc ? ellipsis(command, 20) : command));
        row.put("CreatedAt", zone == null ? "" : ImageRows.goTimeString(createdAt.atZone(zone)));
        String id = c.path("Id").asText("");
        row.put("ID", trunc ? ImageRows.truncateId(id) : id);
        row.put("Image", image(c, trunc));
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add(k + "=" + v));
        row.put("Labels", String.join(",", pairs));
        row.put("LocalVolumes", Long.toString(count(c.path("Mounts"))));
        row.put("Mounts", mounts(c.path("Mounts"), trunc));
        row.put("Names", names(c.path("Names"), trunc));
        List<String> networks = new ArrayList<>();
        c.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(networks::add);
        row.put("Networks", String.join(",", networks));
        row.putNull("Platform");
        row.put("Ports", ports(c.path("Ports")));
        row.put("RunningFor", Units.humanDuration(Duration.between(createdAt, now)) + " ago");
        row.put("Size", size(c));
        row.put("State", c.path("State").asText(""));
        row.put("Status", c.path("Status").asText(""));
        row.method("Label", name -> labels.getOrDefault(name, ""));
        return row;
    }

    private static long count(JsonNode mounts) {
        long n = 0;
        for (JsonNode m : mounts) {
            if (m.path("Driver").asText("").equals("local")) {
                n++;
            }
        }
        return n;
    }

    private static String names(JsonNode names, boolean trunc) {
        List<String> stripped = new ArrayList<>();
        for (JsonNode name : names) {
            String text = name.asText("");
            stripped.add(text.startsWith("/") ? text.substring(1) : text);
        }
        if (trunc) {
            for (String name : stripped) {
                if (!name.contains("/")) {
                    return name; // the first name that is not a legacy link
                }
            }
        }
        return String.join(",", stripped);
    }

    private static String image(JsonNode c, boolean trunc) {
        String image = c.path("Image").asText("");
        if (image.isEmpty()) {
            return "<no image>";
        }
        if (!trunc) {
            return image;
        }
        String shortId = ImageRows.truncateId(c.path("ImageID").asText(""));
        if (shortId.equals(ImageRows.truncateId(image))) {
            return shortId;
        }
        Reference ref;
        try {
            ref = Reference.parse(image);
        } catch (RuntimeException e) {
            return image;
        }
        if (ref.digest().isPresent()) {
            Reference name = ref.nameOnly();
            ref = ref.tag().map(name::withTag).orElse(name);
        }
        return ref.familiarString();
    }

    private static String mounts(JsonNode mounts, boolean trunc) {
        List<String> names = new ArrayList<>();
        for (JsonNode m : mounts) {
            String name = m.path("Name").asText("");
            if (name.isEmpty()) {
                name = m.path("Source").asText("");
            }
            names.add(trunc ? ellipsis(name, 15) : name);
        }
        return String.join(",", names);
    }

    private static String size(JsonNode c) {
        long rw = c.path("SizeRw").asLong(0);
        long rootFs = c.path("SizeRootFs").asLong(0);
        String srw = Units.humanSizeWithPrecision(rw, 3);
        return rootFs > 0 ? srw + " (virtual " + Units.humanSizeWithPrecision(rootFs, 3) + ")" : srw;
    }

    /** formatter.DisplayablePorts: published ports as mappings, the rest grouped into ranges. */
    static String ports(JsonNode ports) {
        List<JsonNode> sorted = new ArrayList<>();
        ports.forEach(sorted::add);
        sorted.sort((a, b) -> {
            int c = Integer.compare(a.path("PrivatePort").asInt(), b.path("PrivatePort").asInt());
            if (c != 0) {
                return c;
            }
            c = a.path("IP").asText("").compareTo(b.path("IP").asText(""));
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.path("PublicPort").asInt(), b.path("PublicPort").asInt());
            return c != 0 ? c : a.path("Type").asText("").compareTo(b.path("Type").asText(""));
        });
        Map<String, int[]> groups = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        List<String> hostMappings = new ArrayList<>();
        for (JsonNode port : sorted) {
            int current = port.path("PrivatePort").asInt();
            String type = port.path("Type").asText("");
            String key = type;
            String ip = port.path("IP").asText("");
            if (!ip.isEmpty()) {
                int published = port.path("PublicPort").asInt();
                if (published != current) {
                    hostMappings.add(joinHostPort(ip, Integer.toString(published)) + "->" + current + "/" + type);
                    continue;
                }
                key = ip + "/" + type;
            }
            int[] group = groups.get(key);
            if (group == null) {
                groups.put(key, new int[] {current, current});
                continue;
            }
            if (current == group[1] + 1) {
                group[1] = current;
                continue;
            }
            result.add(formGroup(key, group[0], group[1]));
            groups.put(key, new int[] {current, current});
        }
        groups.forEach((key, group) -> result.add(formGroup(key, group[0], group[1])));
        result.addAll(hostMappings);
        return String.join(", ", result);
    }

    private static String formGroup(String key, int first, int last) {
        String[] parts = key.split("/");
        String type = parts[0];
        String ip = "";
        if (parts.length > 1) {
            ip = parts[0];
            type = parts[1];
        }
        String group = first == last ? Integer.toString(first) : first + "-" + last;
        if (!ip.isEmpty()) {
            group = joinHostPort(ip, group) + "->" + group;
        }
        return group + "/" + type;
    }

    /** Go's net.JoinHostPort: IPv6 addresses in brackets. */
    private static String joinHostPort(String host, String port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** formatter.Ellipsis for text of single-width characters. */
    static String ellipsis(String s, int max) {
        int[] cps = s.codePoints().toArray();
        if (max <= 0) {
            return "";
        }
        if (cps.length <= max) {
            return s;
        }
        if (max == 1) {
            return new String(cps, 0, 1);
        }
        return new String(cps, 0, max - 1) + "…";
    }
}
