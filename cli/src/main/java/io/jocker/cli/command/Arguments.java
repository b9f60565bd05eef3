package io.jocker.cli.command;

import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.List;

/**
 * Positional argument counts checked with the docker CLI's messages and exit code 1
 * (docker/cli cli/required.go), e.g.
 * {@code jocker: 'jocker rmi' requires at least 1 argument}, a blank line, the usage line, a
 * blank line, and where to get help. Stateless.
 */
final class Arguments {
    private Arguments() {}

    static List<String> exactly(CliContext context, List<String> args, int count) {
        if (args.size() != count) {
            throw failure(context, "requires " + count + " " + plural(count), "Run");
        }
        return args;
    }

    static List<String> atLeast(CliContext context, List<String> args, int min) {
        if (args.size() < min) {
            throw failure(context, "requires at least " + min + " " + plural(min), "See");
        }
        return args;
    }

    static List<String> atMost(CliContext context, List<String> args, int max) {
        if (args.size() > max) {
            // docker's own text has this "SRun" (cli/required.go, RequiresMaxArgs)
            throw failure(context, "requires at most " + max + " " + plural(max), "SRun");
        }
        return args;
    }

    static List<String> none(CliContext context, List<String> args) {
        if (!args.isEmpty()) {
            throw failure(context, "accepts no arguments", "Run");
        }
        return args;
    }

    private static CliFailure failure(CliContext context, String problem, String helpVerb) {
        return new CliFailure(1, "jocker: '" + context.commandPath() + "' " + problem + "\n\nUsage:  "
                + context.usageLine() + "\n\n" + helpVerb + " '" + context.commandPath()
                + " --help' for more information");
    }

    private static String plural(int n) {
        return n == 1 ? "argument" : "arguments";
    }
}
