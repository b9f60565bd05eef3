package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.unit.Units;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker image prune [OPTIONS]}: {@code POST /images/prune} with the user's filters plus
 * {@code dangling=true}, or {@code dangling=false} with {@code -a} (docker/cli image/prune.go).
 *
 * <p>Without {@code -f} it asks first, as docker does whatever standard input is: the question on
 * standard output, one line read from standard input, only "y" or "Y" goes on. Anything else —
 * including the end of a non-terminal input — cancels quietly with exit 0, as the docker CLI
 * treats a cancelled prompt.
 */
public final class ImagePruneCommand implements CliCommand {
    private static final String ALL_WARNING = "WARNING! This will remove all images without at least one container "
            + "associated to them.\nAre you sure you want to continue?";
    private static final String DANGLING_WARNING = "WARNING! This will remove all dangling images.\n"
            + "Are you sure you want to continue?";

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public String summary() {
        return "Remove unused images";
    }

    @Override
    public String usage() {
        return "prune [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("a").longOpt("all")
                        .desc("Remove all unused images, not just dangling ones").build())
                .addOption(Option.builder().longOpt("filter").hasArg().argName("filter")
                        .desc("Provide filter values (e.g. \"until=<timestamp>\")").build())
                .addOption(Option.builder("f").longOpt("force").desc("Do not prompt for confirmation").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        Arguments.none(context, flags.getArgList());
        boolean all = flags.hasOption("all");
        Map<String, Set<String>> filters = FilterFlag.parse(context, flags, "--filter");
        filters.computeIfAbsent("dangling", k -> new LinkedHashSet<>()).add(Boolean.toString(!all));
        if (!flags.hasOption("force") && !confirm(context, all ? ALL_WARNING : DANGLING_WARNING)) {
            return 0;
        }
        JsonNode report = context.client().pruneImages(filters);
        JsonNode deleted = report.path("ImagesDeleted");
        long reclaimed = 0;
        if (deleted.size() > 0) {
            StringBuilder output = new StringBuilder("Deleted Images:\n");
            for (JsonNode item : deleted) {
                String untagged = item.path("Untagged").asText("");
                output.append(untagged.isEmpty() ? "deleted: " + item.path("Deleted").asText("") : "untagged: " + untagged)
                        .append('\n');
            }
            context.out().println(output);
            reclaimed = report.path("SpaceReclaimed").asLong(0);
        }
        context.out().println("Total reclaimed space: " + Units.humanSize(reclaimed));
        return 0;
    }

    /** docker/cli internal/prompt Confirm. */
    static boolean confirm(CliContext context, String message) {
        context.out().print(message + " [y/N] ");
        context.out().flush();
        String answer = readLine(context.in());
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    /** One line without its end, or null at the end of input; reads no further than the line. */
    private static String readLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
