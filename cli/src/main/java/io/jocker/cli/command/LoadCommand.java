package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker load [OPTIONS]}: sends a tar from {@code -i FILE} or standard input (not a
 * terminal) to {@code POST /images/load} and shows the engine's messages
 * ({@code Loaded image: busybox:1}). As docker/cli image/load.go, the engine is asked to be quiet
 * with {@code -q} and whenever output is not a terminal.
 */
public final class LoadCommand implements CliCommand {
    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "Load an image from a tar archive or STDIN";
    }

    @Override
    public String usage() {
        return "load [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("i").longOpt("input").hasArg().argName("string")
                        .desc("Read from tar archive file, instead of STDIN").build())
                .addOption(Option.builder("q").longOpt("quiet").desc("Suppress the load output").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        Arguments.none(context, flags.getArgList());
        String input = flags.getOptionValue("input", "");
        boolean terminal = context.terminals().isStdoutTerminal();
        InputStream tar;
        if (input.isEmpty()) {
            if (context.terminals().isStdinTerminal()) {
                throw new CliFailure(1, "requested load from stdin, but stdin is empty");
            }
            tar = context.in();
        } else {
            tar = LocalFiles.open(input);
        }
        try (InputStream in = tar) {
            context.client().load(in, flags.hasOption("quiet") || !terminal,
                    new JsonMessageDisplay(context.out(), terminal, context.clock(), context.zone(), aux -> { }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }
}
