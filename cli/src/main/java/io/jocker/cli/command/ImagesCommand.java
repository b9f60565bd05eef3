package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.Formatter;
import io.jocker.cli.format.TemplateException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker images [OPTIONS] [REPOSITORY[:TAG]]}, also {@code jocker image ls|list}: the
 * engine's images as docker's table (REPOSITORY TAG IMAGE ID CREATED SIZE), IDs ({@code -q}) or a
 * template. A name argument becomes a {@code reference} filter. As docker/cli image/list.go
 * (v28, without the experimental {@code --tree}).
 */
public final class ImagesCommand extends NamedCommand {
    private static final String ROW_TYPE = "*formatter.imageContext";
    /** The image subcommands a mistyped {@code jocker images ls} may have meant (list.go printAmbiguousHint). */
    private static final Set<String> SUBCOMMANDS = Set.of("build", "history", "import", "inspect", "list", "load",
            "ls", "prune", "pull", "push", "rm", "save", "tag");

    /** @param name "images" at the top level, "ls" under {@code image} */
    public ImagesCommand(String name, List<String> aliases) {
        super(name, aliases);
    }

    @Override
    public String summary() {
        return "List images";
    }

    @Override
    public String usage() {
        return name + " [OPTIONS] [REPOSITORY[:TAG]]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("a").longOpt("all")
                        .desc("Show all images (default hides intermediate images)").build())
                .addOption(Option.builder().longOpt("digests").desc("Show digests").build())
                .addOption(Option.builder("f").longOpt("filter").hasArg().argName("filter")
                        .desc("Filter output based on conditions provided").build())
                .addOption(Option.builder().longOpt("format").hasArg().argName("string")
                        .desc("Format output using a custom template: 'table', 'table TEMPLATE', 'json', "
                                + "or a Go template").build())
                .addOption(Option.builder().longOpt("no-trunc").desc("Don't truncate output").build())
                .addOption(Option.builder("q").longOpt("quiet").desc("Only show image IDs").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> args = Arguments.atMost(context, flags.getArgList(), 1);
        boolean quiet = flags.hasOption("quiet");
        boolean digests = flags.hasOption("digests");
        Map<String, Set<String>> filters = FilterFlag.parse(context, flags, "-f, --filter");
        String match = args.isEmpty() ? "" : args.get(0);
        if (!match.isEmpty()) {
            filters.computeIfAbsent("reference", k -> new LinkedHashSet<>()).add(match);
        }

        JsonNode images = context.client().images(flags.hasOption("all"), filters, false);

        String source = flags.getOptionValue("format", "");
        String format = ImageRows.format(source.isEmpty() ? "table" : source, quiet, digests);
        boolean localTimes = format.contains("CreatedAt") || format.contains("json");
        List<JsonNode> rows = ImageRows.rows(images, !flags.hasOption("no-trunc"), digests, format,
                context.clock().instant(), localTimes ? context.zone() : null);
        try {
            context.out().print(Formatter.render(format, rows, ImageRows.HEADERS,
                    path -> path.isEmpty() ? ROW_TYPE : "struct"));
        } catch (TemplateException e) {
            throw new CliFailure(1, e.getMessage());
        }
        if (!match.isEmpty() && images.isEmpty() && name.equals("images") && SUBCOMMANDS.contains(match)) {
            context.out().flush();
            context.err().print("\nNo images found matching \"" + match + "\": did you mean \"jocker image "
                    + match + "\"?\n");
        }
        return 0;
    }
}
