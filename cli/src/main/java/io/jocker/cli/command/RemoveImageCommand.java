package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.EngineResponseException;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker rmi [OPTIONS] IMAGE [IMAGE...]}, also {@code jocker image rm|rmi|remove}: removes
 * each image, printing {@code Untagged: x} and {@code Deleted: sha256:…} lines as the engine
 * reports them. As docker/cli image/remove.go: a failure does not stop the others; the errors are
 * printed together at the end and the exit code is 1 — except with {@code --force} when every
 * failure was "not found": then they are only printed, exit 0.
 */
public final class RemoveImageCommand extends NamedCommand {
    /** @param name "rmi" at the top level, "rm" under {@code image} */
    public RemoveImageCommand(String name, List<String> aliases) {
        super(name, aliases);
    }

    @Override
    public String summary() {
        return "Remove one or more images";
    }

    @Override
    public String usage() {
        return name + " [OPTIONS] IMAGE [IMAGE...]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("f").longOpt("force").desc("Force removal of the image").build())
                .addOption(Option.builder().longOpt("no-prune").desc("Do not delete untagged parents").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> images = Arguments.atLeast(context, flags.getArgList(), 1);
        boolean force = flags.hasOption("force");
        boolean fatal = false;
        List<String> errors = new ArrayList<>();
        for (String image : images) {
            JsonNode deleted;
            try {
                deleted = context.client().removeImage(image, force, flags.hasOption("no-prune"));
            } catch (EngineResponseException e) {
                fatal |= !e.isNotFound();
                errors.add("Error response from daemon: " + e.getMessage());
                continue;
            }
            for (JsonNode item : deleted) {
                String id = item.path("Deleted").asText("");
                context.out().println(id.isEmpty() ? "Untagged: " + item.path("Untagged").asText("") : "Deleted: " + id);
            }
        }
        if (!errors.isEmpty()) {
            String message = String.join("\n", errors);
            if (!force || fatal) {
                throw new CliFailure(1, message);
            }
            context.out().flush();
            context.err().println(message);
        }
        return 0;
    }
}
