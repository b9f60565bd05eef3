package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.Formatter;
import io.jocker.cli.format.TemplateException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker ps [OPTIONS]}, also {@code container ls|list|ps}: the engine's containers as
 * docker's table (CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, PORTS, NAMES), IDs ({@code -q})
 * or a template (docker/cli container/list.go). A template that shows {@code .Size} asks the
 * engine for sizes, unless {@code --size} was given either way.
 */
public final class PsCommand extends NamedCommand {
    private static final String ROW_TYPE = "*formatter.ContainerContext";

    public PsCommand(String name, List<String> aliases) {
        super(name, aliases);
    }

    @Override
    public String summary() {
        return "List containers";
    }

    @Override
    public String usage() {
        return name + " [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("a").longOpt("all").desc("Show all containers (default shows just running)")
                        .build())
                .addOption(Option.builder("f").longOpt("filter").hasArg().argName("filter")
                        .desc("Filter output based on conditions provided").build())
                .addOption(Option.builder().longOpt("format").hasArg().argName("string")
                        .desc("Format output using a custom template: 'table', 'table TEMPLATE', 'json', "
                                + "or a Go template").build())
                .addOption(Option.builder("n").longOpt("last").hasArg().argName("int")
                        .desc("Show n last created containers (includes all states) (default -1)").build())
                .addOption(Option.builder("l").longOpt("latest")
                        .desc("Show the latest created container (includes all states)").build())
                .addOption(Option.builder().longOpt("no-trunc").desc("Don't truncate output").build())
                .addOption(Option.builder("q").longOpt("quiet").desc("Only display container IDs").build())
                .addOption(Option.builder("s").longOpt("size").hasArg().optionalArg(true)
                        .desc("Display total file sizes").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        Arguments.none(context, flags.getArgList());
        boolean quiet = flags.hasOption("quiet");
        boolean sizeGiven = flags.hasOption("size");
        boolean size = io.jocker.cli.BooleanFlags.value(flags, "size", false);
        Long last = FlagValues.int64(context, flags, "last", "-n, --last");
        int limit = last == null ? -1 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, last));
        if (flags.hasOption("latest") && limit == -1) {
            limit = 1;
        }
        Map<String, Set<String>> filters = FilterFlag.parse(context, flags, "-f, --filter");
        String source = flags.getOptionValue("format", "");
        String format = ContainerRows.format(source, quiet, size);
        if (!source.isEmpty() && !quiet && !sizeGiven && format.contains(".Size")) {
            size = true; // docker/cli list.go: a template showing .Size asks for sizes
        }
        JsonNode containers = context.client().containers(flags.hasOption("all"), Math.max(limit, 0), size, filters);
        boolean localTimes = format.contains("CreatedAt") || format.contains("json");
        List<JsonNode> rows = ContainerRows.rows(containers, !flags.hasOption("no-trunc"), context.clock().instant(),
                localTimes ? context.zone() : null);
        try {
            context.out().print(Formatter.render(format, rows, ContainerRows.HEADERS,
                    path -> path.isEmpty() ? ROW_TYPE : "struct"));
        } catch (TemplateException e) {
            throw new CliFailure(1, e.getMessage());
        }
        return 0;
    }
}
