package io.jocker.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Boolean flags written as the docker CLI (pflag) accepts them: {@code -a}, {@code --all},
 * {@code --all=false}, {@code -H=false}. Commons CLI knows flags without values and flags with
 * one, so the words are rewritten before parsing:
 *
 * <ul>
 *   <li>a flag without a value given {@code =true} loses it, given {@code =false} is dropped
 *       (such flags default to false);
 *   <li>a flag declared with an <em>optional</em> value is a boolean whose default may be true
 *       ({@code history -H}); given bare it becomes {@code =true}, so that the next word is never
 *       taken as its value, as pflag never takes it. The command reads it with
 *       {@link #value(CommandLine, String, boolean)}.
 * </ul>
 *
 * Values are Go's {@code strconv.ParseBool}: 1 t T TRUE true True, 0 f F FALSE false False.
 * Stateless.
 */
public final class BooleanFlags {
    private BooleanFlags() {}

    static String[] normalize(Options options, List<String> words) {
        return normalize(options, words, false);
    }

    /**
     * @param stopAtArgument flags end at the first word that is neither a flag nor a flag's value
     *     (the words after {@code run IMAGE} are the container's command)
     */
    static String[] normalize(Options options, List<String> words, boolean stopAtArgument) {
        List<String> out = new ArrayList<>(words.size());
        boolean flagsEnded = false;
        boolean valueNext = false;
        for (String word : words) {
            if (valueNext) {
                valueNext = false;
                out.add(word);
                continue;
            }
            if (flagsEnded || !word.startsWith("-") || word.equals("-")) {
                flagsEnded |= stopAtArgument;
                out.add(word);
                continue;
            }
            if (word.equals("--")) {
                flagsEnded = true;
                out.add(word);
                continue;
            }
            String body = word.startsWith("--") ? word.substring(2) : word.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            Option option = word.startsWith("--") ? longOption(options, name) : options.getOption(name);
            if (option == null || (word.startsWith("-") && !word.startsWith("--") && name.length() != 1)) {
                out.add(word);
            } else if (option.hasOptionalArg()) {
                out.add(eq < 0 ? word + "=true" : word);
            } else if (option.hasArg() && eq < 0 && word.equals(word.startsWith("--") ? "--" + name : "-" + name)) {
                valueNext = true; // the next word is this flag's value, even if it looks like a flag
                out.add(word);
            } else if (!option.hasArg() && eq >= 0) {
                String value = body.substring(eq + 1);
                if (parse(value, option)) {
                    out.add(word.substring(0, word.length() - value.length() - 1));
                }
            } else {
                out.add(word);
            }
        }
        return out.toArray(String[]::new);
    }

    /** Fails with pflag's message when a boolean flag's value is not a Go boolean. */
    static void check(Options options, CommandLine flags) {
        for (Option option : options.getOptions()) {
            if (option.hasOptionalArg() && flags.hasOption(key(option))) {
                parse(flags.getOptionValue(key(option), "true"), option);
            }
        }
    }

    /**
     * The value of a boolean flag declared with an optional value ({@code -H, --human}), or
     * {@code fallback} when it was not given.
     */
    public static boolean value(CommandLine flags, String name, boolean fallback) {
        if (!flags.hasOption(name)) {
            return fallback;
        }
        String value = flags.getOptionValue(name, "true");
        return isTrue(value);
    }

    private static boolean parse(String value, Option option) {
        if (isTrue(value)) {
            return true;
        }
        if (List.of("0", "f", "F", "FALSE", "false", "False").contains(value)) {
            return false;
        }
        throw new CliFailure(125, "invalid argument \"" + value + "\" for \"" + display(option)
                + "\" flag: strconv.ParseBool: parsing \"" + value + "\": invalid syntax");
    }

    private static boolean isTrue(String value) {
        return List.of("1", "t", "T", "TRUE", "true", "True").contains(value);
    }

    private static Option longOption(Options options, String name) {
        for (Option option : options.getOptions()) {
            if (name.equals(option.getLongOpt())) {
                return option;
            }
        }
        return null;
    }

    private static String key(Option option) {
        return option.getLongOpt() != null ? option.getLongOpt() : option.getOpt();
    }

    private static String display(Option option) {
        if (option.getOpt() != null && option.getOpt().length() == 1 && option.getLongOpt() != null) {
            return "-" + option.getOpt() + ", --" + option.getLongOpt();
        }
        return option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt();
    }
}
