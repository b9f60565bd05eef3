package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.oci.reference.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code jocker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]}: a root file system tar (a file,
 * standard input, or a URL the engine fetches) becomes an image through
 * {@code POST /images/create?fromSrc=…}; the engine's stream ends with the new image ID, which is
 * printed. As docker/cli image/import.go: the repository keeps its tag inside {@code repo}.
 */
public final class ImportCommand implements CliCommand {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "Import the contents from a tarball to create a filesystem image";
    }

    @Override
    public String usage() {
        return "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]";
    }

    @Override
    public Options options() {
        return new Options()
                .addOption(Option.builder("c").longOpt("change").hasArg().argName("list")
                        .desc("Apply Dockerfile instruction to the created image").build())
                .addOption(Option.builder("m").longOpt("message").hasArg().argName("string")
                        .desc("Set commit message for imported image").build());
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> args = Arguments.atLeast(context, flags.getArgList(), 1);
        String source = args.get(0);
        String repository = args.size() > 1 ? args.get(1) : "";
        String message = flags.getOptionValue("message", "");
        String[] changeFlags = flags.getOptionValues("change");
        List<String> changes = changeFlags == null ? List.of() : List.of(changeFlags);
        JsonMessageDisplay display = new JsonMessageDisplay(context.out(), context.terminals().isStdoutTerminal(),
                context.clock(), context.zone(), aux -> { });

        if (source.startsWith("https://") || source.startsWith("http://")) {
            checkReference(repository);
            context.client().importImage(source, repository, message, changes, display);
            return 0;
        }
        InputStream tar = source.equals("-") ? context.in() : LocalFiles.open(source);
        try (InputStream in = tar) {
            checkReference(repository);
            context.client().importImage(in, repository, message, changes, display);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 0;
    }

    /** The Go client's check before the call: the name must parse; its own error text, exit 1. */
    private static void checkReference(String repository) {
        if (!repository.isEmpty()) {
            try {
                Reference.parse(repository);
            } catch (RuntimeException e) {
                throw new CliFailure(1, e.getMessage());
            }
        }
    }
}
