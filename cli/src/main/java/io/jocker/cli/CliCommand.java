package io.jocker.cli;

import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * One jocker command: its name, its flags (named as the docker CLI's) and what it does. Commands
 * are stateless; everything a run needs comes in the {@link CliContext} and the parsed flags.
 */
public interface CliCommand {
    /** The word after {@code jocker}, e.g. "version". */
    String name();

    /** Other words that run the command, e.g. "list" for "ls"; none by default. */
    default List<String> aliases() {
        return List.of();
    }

    /** One line for the command list and the help page. */
    String summary();

    /** The usage line after "Usage:  jocker ", e.g. "version [OPTIONS]". */
    String usage();

    Options options();

    /**
     * Whether flags end at the first argument, as for {@code run IMAGE COMMAND -a}: the words
     * after the image are the container's (pflag's {@code SetInterspersed(false)}). False by default.
     */
    default boolean stopsAtFirstArgument() {
        return false;
    }

    /** Runs the command; returns the exit code or throws one of the failures {@link Main} maps. */
    int run(CliContext context, CommandLine flags);
}
