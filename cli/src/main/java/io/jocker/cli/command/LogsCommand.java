package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.time.TimeArgument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker logs [OPTIONS] CONTAINER} (docker/cli container/logs.go): inspect to learn whether
 * the container has a TTY, then {@code GET …/logs?stderr=1&stdout=1&tail=all[&follow=1]…}; the
 * output demultiplexed to stdout and stderr, or copied as it is for a TTY. {@code --since} and
 * {@code --until} are converted to unix time here, as the docker CLI does.
 */
public final class LogsCommand implements CliCommand {
    @Override
    public String name() {
        return "logs";
    }

    @Override
    public String summary() {
        return "Fetch the logs of a container";
    }

    @Override
    public String usage() {
        return "logs [OPTIONS] CONTAINER";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder().longOpt("details").desc("Show extra details provided to logs").build())
                .addOption(Option.builder("f").longOpt("follow").desc("Follow log output").build())
                .addOption(Option.builder().longOpt("since").hasArg().argName("string")
                        .desc("Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative "
                                + "(e.g. \"42m\" for 42 minutes)").build())
                .addOption(Option.builder("n").longOpt("tail").hasArg().argName("string")
                        .desc("Number of lines to show from the end of the logs (default \"all\")").build())
                .addOption(Option.builder("t").longOpt("timestamps").desc("Show timestamps").build())
                .addOption(Option.builder().longOpt("until").hasArg().argName("string")
                        .desc("Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative "
                                + "(e.g. \"42m\" for 42 minutes)").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String name = Arguments.exactly(context, flags.getArgList(), 1).getFirst();
        JsonNode container = context.client().containerInspect(name);
        boolean tty = container.path("Config").path("Tty").asBoolean();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("stdout", "1");
        query.put("stderr", "1");
        String since = TimeArgument.toApiTimestamp(flags.getOptionValue("since", ""), context.clock().instant(),
                context.zone());
        String until = TimeArgument.toApiTimestamp(flags.getOptionValue("until", ""), context.clock().instant(),
                context.zone());
        if (!since.isEmpty()) {
            query.put("since", since);
        }
        if (!until.isEmpty()) {
            query.put("until", until);
        }
        if (flags.hasOption("timestamps")) {
            query.put("timestamps", "1");
        }
        if (flags.hasOption("follow")) {
            query.put("follow", "1");
        }
        query.put("tail", flags.getOptionValue("tail", "all"));
        if (flags.hasOption("details")) {
            query.put("details", "1");
        }
        // the name as typed, as docker sends it
        try (InputStream logs = context.client().containerLogs(name, query)) {
            if (tty) {
                logs.transferTo(context.out());
            } else {
                ContainerStreams.demultiplex(logs, context.out(), context.err());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            context.out().flush();
        }
        return 0;
    }
}
