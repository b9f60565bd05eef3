package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.ContainerWait;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.api.client.HijackedConnection;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker start [-a] [-i] CONTAINER...} (docker/cli container/start.go). Without {@code -a}
 * or {@code -i}: each container started and its name printed, failures on stderr and then
 * {@code failed to start containers: a, b}. With them: one container, inspected, attached,
 * waited for, started, streamed; the exit code is the container's.
 */
public final class StartCommand implements CliCommand {
    @Override
    public String name() {
        return "start";
    }

    @Override
    public String summary() {
        return "Start one or more stopped containers";
    }

    @Override
    public String usage() {
        return "start [OPTIONS] CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("a").longOpt("attach").desc("Attach STDOUT/STDERR and forward signals").build())
                .addOption(ContainerFlags.value(null, "detach-keys", "string",
                        "Override the key sequence for detaching a container"))
                .addOption(Option.builder("i").longOpt("interactive").desc("Attach container's STDIN").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        String keys = flags.getOptionValue("detach-keys", "");
        byte[] detachKeys = ContainerStreams.detachKeys(keys);
        if (!flags.hasOption("attach") && !flags.hasOption("interactive")) {
            return startAll(context, names);
        }
        if (names.size() > 1) {
            throw new CliFailure(1, "you cannot start and attach multiple containers at once");
        }
        EngineClient client = context.client();
        JsonNode container = client.containerInspect(names.getFirst());
        String id = container.path("Id").asText();
        boolean tty = container.path("Config").path("Tty").asBoolean();
        boolean stdin = flags.hasOption("interactive") && container.path("Config").path("OpenStdin").asBoolean();
        boolean autoRemove = container.path("HostConfig").path("AutoRemove").asBoolean();
        try (HijackedConnection connection = client.attachContainer(id, stdin, true, true, keys);
                SignalProxy signals = tty ? SignalProxy.none() : SignalProxy.start(context, id)) {
            ContainerWait wait = client.waitContainer(id, autoRemove ? "removed" : "next-exit");
            try {
                client.startContainer(id, "");
            } catch (EngineResponseException | EngineConnectionException e) {
                connection.close();
                if (autoRemove) {
                    ContainerStreams.exitCode(context, wait);
                } else {
                    wait.close();
                }
                throw e;
            }
            return AttachCommand.streamAndWait(context, client, id, connection, wait, tty, stdin, detachKeys);
        }
    }

    private static int startAll(CliContext context, List<String> names) {
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            try {
                context.client().startContainer(name, "");
                context.out().println(name);
            } catch (EngineResponseException e) {
                context.out().flush();
                context.err().println("Error response from daemon: " + e.getMessage());
                failed.add(name);
            } catch (EngineConnectionException e) {
                context.out().flush();
                context.err().println(e.getMessage());
                failed.add(name);
            }
        }
        if (!failed.isEmpty()) {
            throw new CliFailure(1, "failed to start containers: " + String.join(", ", failed));
        }
        return 0;
    }
}
