package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code jocker kill [-s SIGNAL] CONTAINER...}: {@code POST …/kill?signal=} each, names printed. */
public final class KillCommand implements CliCommand {
    @Override
    public String name() {
        return "kill";
    }

    @Override
    public String summary() {
        return "Kill one or more running containers";
    }

    @Override
    public String usage() {
        return "kill [OPTIONS] CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder("s").longOpt("signal").hasArg().argName("string")
                .desc("Signal to send to the container").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        String signal = flags.getOptionValue("signal", "");
        return ContainerBatch.each(context, names, name -> {
            context.client().killContainer(name, signal);
            return name;
        });
    }
}
