package io.jocker.cli;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * A word that only leads to more commands, such as {@code jocker image} or {@code jocker system}
 * (docker's management commands). {@link Main} descends into it; it never runs itself.
 * Immutable.
 */
final class CommandGroup implements CliCommand {
    private final String name;
    private final String summary;
    private final List<CliCommand> commands;

    CommandGroup(String name, String summary, List<CliCommand> commands) {
        this.name = name;
        this.summary = summary;
        this.commands = List.copyOf(commands);
    }

    List<CliCommand> commands() {
        return commands;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public String usage() {
        return name + " COMMAND";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        throw new IllegalStateException("a command group is not run: " + name);
    }
}
