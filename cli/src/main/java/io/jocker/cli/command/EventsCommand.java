package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.GoTemplate;
import io.jocker.cli.format.TemplateException;
import io.jocker.cli.time.TimeArgument;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code jocker events}: streams the engine's events until {@code --until} or Ctrl-C. Lines look
 * like the docker CLI's: {@code <time> <type> <action> <actor id> (k=v, ...)}.
 */
public final class EventsCommand implements CliCommand {
    /** Go's RFC3339NanoFixed in the local zone: how the docker CLI prints event and message times. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");






    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "Get real time events from the server";
    }

    @Override
    public String usage() {
        return "events [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("f").longOpt("filter").hasArg().argName("filter")
                        .desc("Filter output based on conditions provided").build())
                .addOption(Option.builder().longOpt("format").hasArg().argName("string")
                        .desc("Format output using a custom template").build())
                .addOption(Option.builder().longOpt("since").hasArg().argName("string")
                        .desc("Show all events created since timestamp").build())
                .addOption(Option.builder().longOpt("until").hasArg().argName("string")
                        .desc("Stream events until this timestamp").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String format = flags.getOptionValue("format", "");
        String since = flags.getOptionValue("since", "");
        String until = flags.getOptionValue("until", "");
        List<String> filters = flags.hasOption("filter") ? List.of(flags.getOptionValues("filter")) : List.of();

        Map<String, Set<String>> criteria = parseFilters(filters);
        GoTemplate template = format.isEmpty() ? null : Templates.parse(format, "Error parsing format: ");
        Instant now = context.clock().instant();
        ZoneId zone = ZoneId.systemDefault();
        String sinceTs = TimeArgument.toApiTimestamp(since, now, zone);
        String untilTs = TimeArgument.toApiTimestamp(until, now, zone);
        context.client().events(sinceTs, untilTs, criteria, event -> {
            if (template == null) {
                context.out().print(pretty(event, zone));
            } else {
                try {
                    context.out().print(Templates.render(template, event,
                            path -> path.isEmpty() ? "*events.Message" : "struct"));
                } catch (TemplateException e) {
                    throw new CliFailure(64, "Error parsing format: " + e.getMessage());
                }
            }
            // Events are followed live: each must show up when it happens, not when a buffer fills.
            context.out().flush();
            return true;
        });
        return 0;
    }

    /** {@code name=value} pairs into the engine's filter map; the docker CLI's error for anything else. */
    static Map<String, Set<String>> parseFilters(List<String> values) {
        Map<String, Set<String>> criteria = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw new CliFailure(125, "invalid argument \"" + value
                        + "\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\n"
                        + "Usage:  jocker events [OPTIONS]\n\nRun 'jocker events --help' for more information");
            }
            criteria.computeIfAbsent(value.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT),
                    k -> new LinkedHashSet<>()).add(value.substring(eq + 1).trim());
        }
        return criteria;
    }

    static String pretty(JsonNode event, ZoneId zone) {
        StringBuilder line = new StringBuilder(160);
        long nanos = event.path("timeNano").asLong(0);
        long seconds = event.path("time").asLong(0);
        if (nanos != 0) {
            line.append(TIME.format(Instant.ofEpochSecond(0, nanos).atZone(zone))).append(' ');
        } else if (seconds != 0) {
            line.append(TIME.format(Instant.ofEpochSecond(seconds).atZone(zone))).append(' ');
        }
        line.append(event.path("Type").asText()).append(' ').append(event.path("Action").asText()).append(' ')
                .append(event.path("Actor").path("ID").asText());
        JsonNode attributes = event.path("Actor").path("Attributes");
        if (attributes.size() > 0) {
            Map<String, String> sorted = new TreeMap<>();
            attributes.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
            List<String> pairs = new ArrayList<>();
            sorted.forEach((k, v) -> pairs.add(k + "=" + v));
            line.append(" (").append(String.join(", ", pairs)).append(')');
        }
        return line.append('\n').toString();
    }
}
