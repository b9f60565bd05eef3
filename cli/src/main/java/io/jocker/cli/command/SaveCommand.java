package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker save [OPTIONS] IMAGE [IMAGE...]}: streams {@code GET /images/get?names=…} to
 * {@code -o FILE} (written atomically) or to standard output — never to a terminal, as docker/cli
 * image/save.go refuses.
 */
public final class SaveCommand implements CliCommand {
    @Override
    public String name() {
        return "save";
    }

    @Override
    public String summary() {
        return "Save one or more images to a tar archive (streamed to STDOUT by default)";
    }

    @Override
    public String usage() {
        return "save [OPTIONS] IMAGE [IMAGE...]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("o").longOpt("output").hasArg().argName("string")
                .desc("Write to a file, instead of STDOUT").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> images = Arguments.atLeast(context, flags.getArgList(), 1);
        String output = flags.getOptionValue("output", "");
        if (output.isEmpty()) {
            if (context.terminals().isStdoutTerminal()) {
                throw new CliFailure(1, "cowardly refusing to save to a terminal. Use the -o flag or redirect");
            }
            context.client().save(images, context.out());
        } else {
            LocalFiles.writeAtomically(output, "failed to save image: ", out -> context.client().save(images, out));
        }
        return 0;
    }
}
