package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker container inspect [OPTIONS] CONTAINER...}: containers only
 * ({@code GET /containers/{id}/json[?size=1]}), printed by {@link Inspector}.
 */
public final class ContainerInspectCommand implements CliCommand {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Display detailed information on one or more containers";
    }

    @Override
    public String usage() {
        return "inspect [OPTIONS] CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Templates.formatOption())
                .addOption(Option.builder("s").longOpt("size").desc("Display total file sizes").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        boolean size = flags.hasOption("size");
        return Inspector.inspect(context, names, flags.getOptionValue("format", ""),
                name -> context.client().inspectRaw("container", name, size));
    }
}
