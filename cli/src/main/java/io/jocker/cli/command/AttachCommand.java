package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.ContainerWait;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.HijackedConnection;
import io.jocker.cli.BooleanFlags;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker attach [--no-stdin] [--sig-proxy] [--detach-keys] CONTAINER}
 * (docker/cli container/attach.go): a running container's streams on this terminal until it
 * exits (its exit code is ours) or the detach keys are typed (exit 0).
 */
public final class AttachCommand implements CliCommand {
    @Override
    public String name() {
        return "attach";
    }

    @Override
    public String summary() {
        return "Attach local standard input, output, and error streams to a running container";
    }

    @Override
    public String usage() {
        return "attach [OPTIONS] CONTAINER";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(ContainerFlags.value(null, "detach-keys", "string",
                        "Override the key sequence for detaching a container"))
                .addOption(Option.builder().longOpt("no-stdin").desc("Do not attach STDIN").build())
                .addOption(Option.builder().longOpt("sig-proxy").hasArg().optionalArg(true)
                        .desc("Proxy all received signals to the process (default true)").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        String name = Arguments.exactly(context, flags.getArgList(), 1).getFirst();
        String keys = flags.getOptionValue("detach-keys", "");
        byte[] detachKeys = ContainerStreams.detachKeys(keys);
        EngineClient client = context.client();
        JsonNode container = client.containerInspect(name);
        JsonNode state = container.path("State");
        if (!state.path("Running").asBoolean()) {
            throw new CliFailure(1, "You cannot attach to a stopped container, start it first");
        }
        if (state.path("Paused").asBoolean()) {
            throw new CliFailure(1, "You cannot attach to a paused container, unpause it first");
        }
        if (state.path("Restarting").asBoolean()) {
            throw new CliFailure(1, "You cannot attach to a restarting container, wait until it is running");
        }
        String id = container.path("Id").asText();
        boolean tty = container.path("Config").path("Tty").asBoolean();
        boolean stdin = !flags.hasOption("no-stdin") && container.path("Config").path("OpenStdin").asBoolean();
        if (stdin && tty && !context.terminals().isStdinTerminal()) {
            throw new CliFailure(1, "the input device is not a TTY");
        }
        boolean sigProxy = BooleanFlags.value(flags, "sig-proxy", true) && !tty;
        try (HijackedConnection connection = client.attachContainer(id, stdin, true, true, keys);
                SignalProxy signals = sigProxy ? SignalProxy.start(context, id) : SignalProxy.none()) {
            ContainerWait wait = client.waitContainer(id, "");
            return streamAndWait(context, client, id, connection, wait, tty, stdin, detachKeys);
        }
    }

    /**
     * The part of run, start -a and attach after the container runs: resize, raw terminal, copy
     * the streams, then the exit code (0 on detach).
     */
    static int streamAndWait(CliContext context, EngineClient client, String id, HijackedConnection connection,
            ContainerWait wait, boolean tty, boolean stdin, byte[] detachKeys) {
        if (tty && context.terminals().isStdoutTerminal()) {
            ContainerStreams.resize(context, client, id);
        }
        boolean raw = tty && stdin && context.terminals().isStdinTerminal();
        ContainerStreams.End end;
        try (AutoCloseable restore = raw ? context.terminals().makeRaw() : () -> {}) {
            end = ContainerStreams.stream(context, connection, tty, stdin ? context.in() : null, detachKeys);
        } catch (RuntimeException e) {
            wait.close();
            throw e;
        } catch (Exception e) {
            wait.close();
            throw new IllegalStateException("restoring the terminal: " + e.getMessage(), e);
        }
        if (end == ContainerStreams.End.DETACHED) {
            wait.close();
            return 0;
        }
        return ContainerStreams.exitCode(context, wait);
    }
}
