package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker system check [--repair]}: jocker's own (the docker CLI has none). Verifies every
 * blob's digest and every image's parts; exits 1 when problems remain.
 */
public final class SystemCheckCommand implements CliCommand {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "Verify stored images and blobs, and repair them";
    }

    @Override
    public String usage() {
        return "system check [OPTIONS]";
    }

    @Override
    public Options options() {
        return new Options().addOption(Option.builder().longOpt("repair")
                .desc("Remove damaged images and what nothing needs any more").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        boolean repair = flags.hasOption("repair");
        JsonNode report = context.client().systemCheck(repair);
        JsonNode problems = report.path("Problems");
        if (problems.isEmpty()) {
            context.out().println("No problems found.");
        }
        for (JsonNode problem : problems) {
            context.out().println("problem: " + problem.asText());
        }
        for (JsonNode done : report.path("Repairs")) {
            context.out().println("repaired: " + done.asText());
        }
        return problems.isEmpty() || repair ? 0 : 1;
    }
}
