package io.jocker.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** Help pages in the docker CLI's layout. Thread-safe (stateless). */
final class Usage {
    private Usage() {}

    static String of(String usageLine, String summary, Options options, List<CliCommand> commands) {
        StringBuilder out = new StringBuilder();
        out.append("\nUsage:  jocker ").append(usageLine).append("\n\n").append(summary).append("\n");
        if (!commands.isEmpty()) {
            out.append("\nCommands:\n");
            int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0) + 3;
            for (CliCommand command : commands) {
                out.append("  ").append(pad(command.name(), width)).append(command.summary()).append('\n');
            }
        }
        List<Option> sorted = new ArrayList<>(options.getOptions());
        sorted.sort(Comparator.comparing(o -> o.getLongOpt() != null ? o.getLongOpt() : o.getOpt()));
        if (!sorted.isEmpty()) {
            out.append("\nOptions:\n");
            List<String> names = sorted.stream().map(Usage::flagText).toList();
            int width = names.stream().mapToInt(String::length).max().orElse(0) + 3;
            for (int i = 0; i < sorted.size(); i++) {
                out.append("  ").append(pad(names.get(i), width)).append(sorted.get(i).getDescription()).append('\n');
            }
        }
        if (!commands.isEmpty()) {
            out.append("\nRun 'jocker COMMAND --help' for more information on a command.\n");
        }
        return out.toString();
    }

    private static String flagText(Option option) {
        StringBuilder text = new StringBuilder();
        if (option.getOpt() != null && option.getOpt().length() == 1) {
            text.append('-').append(option.getOpt());
            if (option.getLongOpt() != null) {
                text.append(", ");
            }
        } else {
            text.append("    ");
        }
        if (option.getLongOpt() != null) {
            text.append("--").append(option.getLongOpt());
        }
        if (option.hasArg() && !option.hasOptionalArg()) { // an optional value marks a boolean (BooleanFlags)
            text.append(' ').append(option.getArgName() == null ? "string" : option.getArgName());
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
