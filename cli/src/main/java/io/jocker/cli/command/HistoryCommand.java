package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.BooleanFlags;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.Formatter;
import io.jocker.cli.format.TemplateException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker history [OPTIONS] IMAGE}, also {@code jocker image history}: the image's layers,
 * newest first, as docker's table (IMAGE CREATED CREATED BY SIZE COMMENT), IDs ({@code -q}) or a
 * template. {@code -H} is on by default; {@code --human=false} shows RFC 3339 times and sizes in
 * bytes. As docker/cli image/history.go.
 */
public final class HistoryCommand implements CliCommand {
    private static final String ROW_TYPE = "*image.historyContext";

    @Override
    public String name() {
        return "history";
    }

    @Override
    public String summary() {
        return "Show the history of an image";
    }

    @Override
    public String usage() {
        return "history [OPTIONS] IMAGE";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("format").hasArg().argName("string")
                        .desc("Format output using a custom template: 'table', 'table TEMPLATE', 'json', "
                                + "or a Go template").build())
                .addOption(Option.builder("H").longOpt("human").hasArg().optionalArg(true)
                        .desc("Print sizes and dates in human readable format (default true)").build())
                .addOption(Option.builder().longOpt("no-trunc").desc("Don't truncate output").build())
                .addOption(Option.builder("q").longOpt("quiet").desc("Only show image IDs").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String image = Arguments.exactly(context, flags.getArgList(), 1).get(0);
        boolean human = BooleanFlags.value(flags, "human", true);
        JsonNode history = context.client().imageHistory(image);

        String source = flags.getOptionValue("format", "");
        String format = HistoryRows.format(source.isEmpty() ? "table" : source, flags.hasOption("quiet"), human);
        List<JsonNode> rows = HistoryRows.rows(history, !flags.hasOption("no-trunc"), human,
                context.clock().instant(), context.zone());
        try {
            context.out().print(Formatter.render(format, rows, HistoryRows.HEADERS,
                    path -> path.isEmpty() ? ROW_TYPE : "struct"));
        } catch (TemplateException e) {
            throw new CliFailure(1, e.getMessage());
        }
        return 0;
    }
}
