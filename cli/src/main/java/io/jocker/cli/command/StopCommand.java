package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker stop} and {@code jocker restart} (also under {@code container}): one call per
 * container ({@code POST …/stop?signal=&t=}), the names printed as they succeed. {@code t} is sent
 * only when {@code -t} is given, so the container's StopTimeout applies otherwise.
 * {@code --time} is docker's deprecated spelling of {@code --timeout}.
 */
public final class StopCommand implements CliCommand {
    private final boolean restart;

    /** @param restart {@code restart} rather than {@code stop} */
    public StopCommand(boolean restart) {
        this.restart = restart;
    }

    @Override
    public String name() {
        return restart ? "restart" : "stop";
    }

    @Override
    public String summary() {
        return restart ? "Restart one or more containers" : "Stop one or more running containers";
    }

    @Override
    public String usage() {
        return name() + " [OPTIONS] CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("s").longOpt("signal").hasArg().argName("string")
                        .desc("Signal to send to the container").build())
                .addOption(Option.builder("t").longOpt("timeout").hasArg().argName("int")
                        .desc("Seconds to wait before killing the container").build())
                .addOption(Option.builder().longOpt("time").hasArg().argName("int")
                        .desc("Seconds to wait before killing the container (deprecated: use --timeout)").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        Long timeout = FlagValues.int64(context, flags, "timeout", "-t, --timeout");
        Long time = FlagValues.int64(context, flags, "time", "--time");
        if (timeout != null && time != null) {
            throw new io.jocker.cli.CliFailure(1, "conflicting options: --timeout and --time");
        }
        Integer seconds = timeout != null ? Integer.valueOf(timeout.intValue())
                : time != null ? Integer.valueOf(time.intValue()) : null;
        String signal = flags.getOptionValue("signal", "");
        return ContainerBatch.each(context, names, name -> {
            if (restart) {
                context.client().restartContainer(name, seconds, signal);
            } else {
                context.client().stopContainer(name, seconds, signal);
            }
            return name;
        });
    }
}
