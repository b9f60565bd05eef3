package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code jocker create [OPTIONS] IMAGE [COMMAND] [ARG...]}, also {@code jocker container create}:
 * the create document from {@link ContainerFlags}, then the new container's full ID on stdout
 * (docker/cli container/create.go). Engine errors exit 125.
 */
public final class CreateCommand implements CliCommand {
    @Override
    public String name() {
        return "create";
    }

    @Override
    public String summary() {
        return "Create a new container";
    }

    @Override
    public String usage() {
        return "create [OPTIONS] IMAGE [COMMAND] [ARG...]";
    }

    @Override
    public boolean stopsAtFirstArgument() {
        return true;
    }

    @Override
    public Options options() {
        return ContainerFlags.options();
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> args = Arguments.atLeast(context, flags.getArgList(), 1);
        ContainerFlags.Spec spec = RunCommand.parse(context, flags, args);
        context.out().println(RunCommand.create(context, spec.name(), spec.body(), "create"));
        return 0;
    }
}
