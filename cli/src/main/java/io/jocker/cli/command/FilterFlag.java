package io.jocker.cli.command;

import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;

/**
 * {@code -f, --filter name=value} flags into the engine's filter map, as docker/cli
 * {@code opts.FilterOpt} reads them: the name trimmed and lower-cased, the value trimmed, an
 * empty flag ignored, anything without {@code =} a usage error (exit 125). Stateless.
 */
final class FilterFlag {
    private FilterFlag() {}

    /**
     * @param display the flag as docker names it in the error, "-f, --filter" or "--filter"
     */
    static Map<String, Set<String>> parse(CliContext context, CommandLine flags, String display) {
        Map<String, Set<String>> criteria = new LinkedHashMap<>();
        String[] values = flags.getOptionValues("filter");
        for (String value : values == null ? new String[0] : values) {
            if (value.isEmpty()) {
                continue;
            }
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw new CliFailure(125, "invalid argument \"" + value + "\" for \"" + display
                        + "\" flag: bad format of filter (expected name=value)\n\nUsage:  " + context.usageLine()
                        + "\n\nRun '" + context.commandPath() + " --help' for more information");
            }
            criteria.computeIfAbsent(value.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    k -> new LinkedHashSet<>()).add(value.substring(eq + 1).trim());
        }
        return criteria;
    }
}
