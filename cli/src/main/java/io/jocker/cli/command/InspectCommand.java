package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker inspect [OPTIONS] NAME|ID [NAME|ID...]}: any object by name, as docker/cli
 * system/inspect.go finds it. With {@code --type} only that kind is asked for and its error is
 * final; without, the kinds are tried in docker's order (container, image, network, volume, then
 * swarm objects when the engine is a swarm manager, plugin) until one answers, skipping "not
 * found", "not supported" and "invalid reference format", else
 * {@code Error: No such object: x}.
 */
public final class InspectCommand implements CliCommand {
    private static final List<String> ALL_TYPES = List.of("config", "container", "image", "network", "node",
            "plugin", "secret", "service", "task", "volume");
    /** docker's search order; swarm kinds are skipped off a swarm manager. */
    private static final List<String> SEARCH_ORDER = List.of("container", "image", "network", "volume", "service",
            "task", "node", "plugin", "secret", "config");
    private static final List<String> SWARM_TYPES = List.of("service", "task", "node", "secret", "config");

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Return low-level information on jocker objects";
    }

    @Override
    public String usage() {
        return "inspect [OPTIONS] NAME|ID [NAME|ID...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Templates.formatOption())
                .addOption(Option.builder("s").longOpt("size")
                        .desc("Display total file sizes if the type is container").build())
                .addOption(Option.builder().longOpt("type").hasArg().argName("string")
                        .desc("Only inspect objects of the given type").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        String type = flags.getOptionValue("type", "");
        String known = "\"" + String.join("\", \"", ALL_TYPES) + "\"";
        if (flags.hasOption("type") && type.isEmpty()) {
            throw new CliFailure(1, "type is empty: must be one of " + known);
        }
        if (!type.isEmpty() && !ALL_TYPES.contains(type)) {
            throw new CliFailure(1, "unknown type: \"" + type + "\": must be one of " + known);
        }
        boolean size = flags.hasOption("size");
        Search search = new Search(context, type, size);
        return Inspector.inspect(context, names, flags.getOptionValue("format", ""), search::find);
    }

    /** One command's lookups; remembers whether the engine manages a swarm. Not thread-safe. */
    private static final class Search {
        private final CliContext context;
        private final String type;
        private final boolean size;
        private Boolean swarmManager;

        Search(CliContext context, String type, boolean size) {
            this.context = context;
            this.type = type;
            this.size = size;
        }

        byte[] find(String name) {
            EngineClient client = context.client();
            for (String kind : SEARCH_ORDER) {
                if (!type.isEmpty() && !kind.equals(type)) {
                    continue;
                }
                if (type.isEmpty() && SWARM_TYPES.contains(kind) && !isSwarmManager()) {
                    continue;
                }
                byte[] raw;
                try {
                    raw = client.inspectRaw(kind, name, size);
                } catch (EngineResponseException e) {
                    if (type.isEmpty() && isSkippable(e)) {
                        continue;
                    }
                    throw e;
                }
                if (size && !kind.equals("container")) {
                    context.err().println("WARNING: --size ignored for " + kind);
                }
                return raw;
            }
            throw new CliFailure(1, "Error: No such object: " + name);
        }

        private boolean isSwarmManager() {
            if (swarmManager == null) {
                try {
                    JsonNode info = context.client().getTree("/info");
                    swarmManager = info.path("Swarm").path("ControlAvailable").asBoolean(false);
                } catch (EngineResponseException | EngineConnectionException e) {
                    context.err().println(e instanceof EngineResponseException
                            ? "Error response from daemon: " + e.getMessage() : e.getMessage());
                    swarmManager = false;
                }
            }
            return swarmManager;
        }

        private static boolean isSkippable(EngineResponseException e) {
            return e.isNotFound() || e.getMessage().contains("not supported")
                    || e.getMessage().contains("invalid reference format");
        }
    }
}
