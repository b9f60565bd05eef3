package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code jocker image inspect [OPTIONS] IMAGE [IMAGE...]}: each image's {@code GET
 * /images/{name}/json}, printed by {@link Inspector} (docker/cli image/inspect.go). A missing
 * image prints the engine's message after "Error response from daemon: " and exits 1, after the
 * array of those found.
 */
public final class ImageInspectCommand implements CliCommand {
    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String summary() {
        return "Display detailed information on one or more images";
    }

    @Override
    public String usage() {
        return "inspect [OPTIONS] IMAGE [IMAGE...]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Templates.formatOption());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        return Inspector.inspect(context, names, flags.getOptionValue("format", ""),
                name -> context.client().imageInspectRaw(name));
    }
}
