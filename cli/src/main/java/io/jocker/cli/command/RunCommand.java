package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.api.client.ContainerWait;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.api.client.HijackedConnection;
import io.jocker.cli.BooleanFlags;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker run [OPTIONS] IMAGE [COMMAND] [ARG...]}, also {@code jocker container run}: create,
 * attach, wait, start, stream, exit with the container's code — docker/cli container/run.go's
 * order, so no output is lost and {@code --rm} is waited for. {@code -d} prints the full ID
 * instead. Errors from the engine exit 125, or 126/127 when starting failed because the command
 * could not be run (docker's toStatusError).
 */
public final class RunCommand implements CliCommand {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "Create and run a new container from an image";
    }

    @Override
    public String usage() {
        return "run [OPTIONS] IMAGE [COMMAND] [ARG...]";
    }

    @Override
    public boolean stopsAtFirstArgument() {
        return true;
    }

    @Override
    public Options options() {
        return ContainerFlags.options()
                .addOption(ContainerFlags.flag("d", "detach", "Run container in background and print container ID"))
                .addOption(ContainerFlags.value(null, "detach-keys", "string",
                        "Override the key sequence for detaching a container"))
                .addOption(Option.builder().longOpt("sig-proxy").hasArg().optionalArg(true)
                        .desc("Proxy received signals to the process (default true)").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> args = Arguments.atLeast(context, flags.getArgList(), 1);
        boolean detach = flags.hasOption("detach");
        ContainerFlags.Spec spec = parse(context, flags, args);
        ObjectNode body = spec.body();
        boolean tty = spec.tty();
        if (detach) {
            if (spec.attachGiven()) {
                throw new CliFailure(1, "conflicting options: cannot specify both --attach and --detach");
            }
            body.put("AttachStdin", false).put("AttachStdout", false).put("AttachStderr", false)
                    .put("StdinOnce", false);
        } else if (spec.attachStdin() && tty && !context.terminals().isStdinTerminal()) {
            throw new CliFailure(1, "the input device is not a TTY");
        }
        byte[] detachKeys = ContainerStreams.detachKeys(flags.getOptionValue("detach-keys", ""));
        boolean sigProxy = BooleanFlags.value(flags, "sig-proxy", true);

        EngineClient client = context.client();
        String id = create(context, spec.name(), body, "run");
        boolean attach = body.path("AttachStdin").asBoolean() || body.path("AttachStdout").asBoolean()
                || body.path("AttachStderr").asBoolean();
        HijackedConnection connection = null;
        if (attach) {
            connection = client.attachContainer(id, body.path("AttachStdin").asBoolean(),
                    body.path("AttachStdout").asBoolean(), body.path("AttachStderr").asBoolean(),
                    flags.getOptionValue("detach-keys", ""));
        }
        try (SignalProxy signals = sigProxy && !tty && !detach ? SignalProxy.start(context, id) : SignalProxy.none()) {
            ContainerWait wait = client.waitContainer(id, spec.autoRemove() ? "removed" : "next-exit");
            try {
                client.startContainer(id, "");
            } catch (EngineResponseException | EngineConnectionException e) {
                if (connection != null) {
                    connection.close();
                }
                if (spec.autoRemove()) {
                    ContainerStreams.exitCode(context, wait); // the engine removes it; wait for that
                } else {
                    wait.close();
                }
                throw statusError(e, "run");
            }
            if (!attach) {
                wait.close(); // docker drops the wait of a detached run once started
                context.out().println(id);
                return 0;
            }
            return AttachCommand.streamAndWait(context, client, id, connection, wait, tty,
                    body.path("AttachStdin").asBoolean(), detachKeys);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    static ContainerFlags.Spec parse(CliContext context, CommandLine flags, List<String> args) {
        int[] size = context.terminals().isStdoutTerminal() ? context.terminals().size() : null;
        return ContainerFlags.parse(context, flags, args, context.env(), size != null, size == null ? 0 : size[0],
                size == null ? 0 : size[1]);
    }

    /**
     * {@code POST /containers/create}; prints the engine's warnings as docker does and returns the
     * new container's ID. Engine errors become docker's status errors (exit 125).
     */
    static String create(CliContext context, String name, ObjectNode body, String command) {
        JsonNode created;
        try {
            created = context.client().createContainer(name, body.toString().getBytes(StandardCharsets.UTF_8));
        } catch (EngineResponseException | EngineConnectionException e) {
            throw statusError(e, command);
        }
        for (JsonNode warning : created.path("Warnings")) {
            context.err().println("WARNING: " + warning.asText());
        }
        return created.path("Id").asText();
    }

    /**
     * docker/cli run.go toStatusError: the error with a pointer to help, exit 127 when the command
     * was not found, 126 when it could not be run, else 125.
     */
    static CliFailure statusError(RuntimeException e, String command) {
        String message = e instanceof EngineResponseException ? "Error response from daemon: " + e.getMessage()
                : e.getMessage();
        int code = 125;
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("system cannot find the file specified")) {
            code = 127;
        } else if (message.contains("permission denied") || message.contains("is a directory")) {
            code = 126;
        }
        return new CliFailure(code, "jocker: " + message + "\n\nRun 'jocker " + command
                + " --help' for more information");
    }
}
