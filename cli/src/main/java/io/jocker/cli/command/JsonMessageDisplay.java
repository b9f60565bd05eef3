package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.unit.Units;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows an engine progress stream (load, import, pull, push) as the docker CLI does
 * (moby pkg/jsonmessage {@code DisplayJSONMessagesStream}): {@code stream} text as it is,
 * {@code status} lines prefixed by their {@code id}, and on a terminal progress bars redrawn in
 * place, one line per id, with ANSI cursor moves. Off a terminal, messages with a progress
 * counter are left out. {@code aux} messages go to the callback instead. Errors never reach
 * here: the client throws them.
 *
 * <p>Not thread-safe: one display per stream.
 */
final class JsonMessageDisplay implements Consumer<JsonNode> {
    /** jsonmessage.RFC3339NanoFixed. */
    /** What jsonmessage assumes when it cannot ask the terminal for its width. */
    private static final int WIDTH = 200;

    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private final ZoneId zone;
    private final Consumer<JsonNode> aux;
    private final Map<String, Integer> lines = new HashMap<>();

    JsonMessageDisplay(PrintStream out, boolean terminal, Clock clock, ZoneId zone, Consumer<JsonNode> aux) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.zone = zone;
        this.aux = aux;
    }

    @Override
    public void accept(JsonNode message) {
        JsonNode auxData = message.get("aux");
        if (auxData != null && !auxData.isNull()) {
            aux.accept(message);
            return;
        }
        JsonNode progress = progress(message);
        String id = message.path("id").asText("");
        String progressMessage = message.path("progress").asText("");
        int diff = 0;
        if (!id.isEmpty() && (progress != null || !progressMessage.isEmpty())) {
            Integer line = lines.get(id);
            if (line == null) {
                line = lines.size();
                lines.put(id, line);
                if (terminal) {
                    out.print("\n");
                }
            }
            diff = lines.size() - line;
            if (terminal) {
                cursorUp(diff);
            }
        } else {
            lines.clear();
        }
        display(message, progress, id, progressMessage);
        if (!id.isEmpty() && terminal) {
            cursorDown(diff);
        }
        out.flush();
    }

    /** JSONMessage.Display. */
    private void display(JsonNode message, JsonNode progress, String id, String progressMessage) {
        String stream = message.path("stream").asText("");
        String status = message.path("status").asText("");
        String endl = "";
        String bar = progress == null ? "" : progressText(progress);
        if (terminal && stream.isEmpty() && progress != null) {
            out.print("\u001b[2K"); // clear the line
            endl = "\r";
            out.print(endl);
        } else if (progress != null && !bar.isEmpty()) {
            return; // no progress bars off a terminal
        }
        long timeNano = message.path("timeNano").asLong(0);
        long time = message.path("time").asLong(0);
        if (timeNano != 0) {
            out.print(EventsCommand.TIME.format(Instant.ofEpochSecond(0, timeNano).atZone(zone)) + " ");
        } else if (time != 0) {
            out.print(EventsCommand.TIME.format(Instant.ofEpochSecond(time).atZone(zone)) + " ");
        }
        if (!id.isEmpty()) {
            out.print(id + ": ");
        }
        String from = message.path("from").asText("");
        if (!from.isEmpty()) {
            out.print("(from " + from + ") ");
        }
        if (progress != null && terminal) {
            out.print(status + " " + bar + endl);
        } else if (!progressMessage.isEmpty()) {
            out.print(status + " " + progressMessage + endl);
        } else if (!stream.isEmpty()) {
            out.print(stream + endl);
        } else {
            out.print(status + endl + "\n");
        }
    }

    private static JsonNode progress(JsonNode message) {
        JsonNode detail = message.get("progressDetail");
        return detail == null || detail.isNull() ? null : detail;
    }

    /** JSONProgress.String at jsonmessage's default width. */
    String progressText(JsonNode progress) {
        long current = progress.path("current").asLong(0);
        long total = progress.path("total").asLong(0);
        long start = progress.path("start").asLong(0);
        String units = progress.path("units").asText("");
        boolean hideCounts = progress.path("hidecounts").asBoolean(false);
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return units.isEmpty() ? String.format("%8s", Units.humanSize(current)) : current + " " + units;
        }
        int percentage = Math.min((int) ((double) current / total * 100) / 2, 50);
        String box = "";
        if (WIDTH > 110) {
            box = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(50 - percentage, 0)) + "] ";
        }
        String numbers = "";
        if (!hideCounts) {
            if (units.isEmpty()) {
                numbers = current > total ? String.format("%8s", Units.humanSize(current))
                        : String.format("%8s", Units.humanSize(current)) + "/" + Units.humanSize(total);
            } else {
                numbers = current > total ? current + " " + units : current + "/" + total + " " + units;
            }
        }
        String timeLeft = "";
        if (current > 0 && start > 0 && percentage < 50) {
            long fromStart = clock.instant().toEpochMilli() * 1_000_000L - start * 1_000_000_000L;
            long perEntry = fromStart / current;
            long leftNanos = (total - current) * perEntry;
            timeLeft = " " + goSeconds(Math.round(leftNanos / 1e9));
        }
        return box + numbers + timeLeft;
    }

    /** Go's Duration.String for whole seconds: "0s", "45s", "1m30s", "2h0m5s". */
    private static String goSeconds(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        String sign = seconds < 0 ? "-" : "";
        long s = Math.abs(seconds);
        if (s < 60) {
            return sign + s + "s";
        }
        if (s < 3600) {
            return sign + s / 60 + "m" + s % 60 + "s";
        }
        return sign + s / 3600 + "h" + s % 3600 / 60 + "m" + s % 60 + "s";
    }

    private void cursorUp(int n) {
        if (n > 0) {
            out.print("\u001b[" + n + "A");
        }
    }

    private void cursorDown(int n) {
        if (n > 0) {
            out.print("\u001b[" + n + "B");
        }
    }
}
