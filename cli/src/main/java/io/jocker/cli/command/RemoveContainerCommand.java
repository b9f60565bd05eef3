package io.jocker.cli.command;

import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker rm [-f] [-v] [-l] CONTAINER...}, also {@code container rm|remove}:
 * {@code DELETE /containers/{id}?force=&v=&link=} each (docker/cli container/rm.go). With
 * {@code -f} a missing container is reported on stderr without failing the command.
 */
public final class RemoveContainerCommand extends NamedCommand {
    public RemoveContainerCommand(String name, List<String> aliases) {
        super(name, aliases);
    }

    @Override
    public String summary() {
        return "Remove one or more containers";
    }

    @Override
    public String usage() {
        return name + " [OPTIONS] CONTAINER [CONTAINER...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("f").longOpt("force")
                        .desc("Force the removal of a running container (uses SIGKILL)").build())
                .addOption(Option.builder("l").longOpt("link").desc("Remove the specified link").build())
                .addOption(Option.builder("v").longOpt("volumes")
                        .desc("Remove anonymous volumes associated with the container").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> names = Arguments.atLeast(context, flags.getArgList(), 1);
        boolean force = flags.hasOption("force");
        return ContainerBatch.each(context, names, container -> {
            String id = container.replaceAll("^/+|/+$", "");
            if (id.isEmpty()) {
                throw new CliFailure(1, "container name cannot be empty");
            }
            context.client().removeContainer(id, force, flags.hasOption("volumes"), flags.hasOption("link"));
            return container;
        }, e -> force && e.isNotFound());
    }
}
