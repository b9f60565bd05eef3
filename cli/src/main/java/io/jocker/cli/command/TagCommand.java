package io.jocker.cli.command;

import io.jocker.cli.CliCommand;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code jocker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]}. As the docker CLI's client
 * ({@code ImageTag}), both names are checked here and the target normalised before the call:
 * {@code tag bb x} sends {@code POST /images/bb/tag?repo=docker.io/library/x&tag=latest}. Bad
 * names fail with {@code Error parsing reference: "X" is not a valid repository/tag: …}, exit 1,
 * without calling the engine.
 */
public final class TagCommand implements CliCommand {
    @Override
    public String name() {
        return "tag";
    }

    @Override
    public String summary() {
        return "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE";
    }

    @Override
    public String usage() {
        return "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CliContext context, CommandLine flags) {
        List<String> args = Arguments.exactly(context, flags.getArgList(), 2);
        String source = args.get(0);
        String target = args.get(1);
        // distribution/reference's ParseAnyReference: an image ID, a digest or a name.
        if (!Reference.isIdLike(source) || source.length() < 64) {
            try {
                if (!Digest.isDigest(source)) {
                    Reference.parse(source);
                }
            } catch (EngineException e) {
                throw invalid(source, e);
            }
        }
        Reference ref;
        try {
            ref = Reference.parse(target);
        } catch (EngineException e) {
            throw invalid(target, e);
        }
        if (ref.digest().isPresent()) {
            throw new CliFailure(1, "refusing to create a tag with a digest reference");
        }
        ref = ref.withDefaultTag();
        context.client().tag(source, ref.name(), ref.tag().orElseThrow());
        return 0;
    }

    private static CliFailure invalid(String name, EngineException e) {
        return new CliFailure(1, "Error parsing reference: " + goQuote(name) + " is not a valid repository/tag: "
                + e.getMessage());
    }

    /** Go's %q for the printable text users type: quotes and backslashes escaped. */
    static String goQuote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
