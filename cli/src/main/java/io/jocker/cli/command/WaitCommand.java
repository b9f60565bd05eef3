package io.jocker.cli.command;

import io.jocker.api.client.ContainerWait;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code jocker wait CONTAINER...}: blocks until each stops ({@code POST …/wait}, the engine's
 * default condition, not-running) and prints its exit code.
 */
public final class WaitCommand implements CliCommand {
    @Override
    public String name() {
        return "wait";
    }

    @Override
    public String summary() {
        return "Block until one or more containers stop, then print their exit codes";
    }

    @Override
    public String usage() {
        return "wait CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        return ContainerBatch.each(context, names, name -> {
            try (ContainerWait wait = context.client().waitContainer(name, "")) {
                var result = wait.result();
                String message = result.path("Error").path("Message").asText("");
                if (!message.isEmpty()) {
                    throw new CliFailure(1, message);
                }
                return Long.toString(result.path("StatusCode").asLong());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
