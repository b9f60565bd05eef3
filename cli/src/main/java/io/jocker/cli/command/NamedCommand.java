package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import java.util.List;

/**
 * A command that stands under more than one name, as the docker CLI's do: {@code images} at the
 * top level and {@code ls}/{@code list} under {@code image}, {@code rm} and {@code remove}, and so on.
 * The instance knows the name it was registered under, for its usage line.
 */
abstract class NamedCommand implements CliCommand {
    protected final String name;
    private final List<String> aliases;

    protected NamedCommand(String name, List<String> aliases) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> aliases() {
        return aliases;
    }
}
