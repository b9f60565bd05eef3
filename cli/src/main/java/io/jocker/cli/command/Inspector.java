package io.jocker.cli.command;

import io.jocker.api.client.EngineResponseException;
import io.jocker.api.client.JsonTrees;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.GoTemplate;
import io.jocker.cli.format.JsonIndent;
import io.jocker.cli.format.TemplateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The output of the {@code inspect} commands, as docker/cli command/inspect/inspector.go writes
 * it: without {@code --format} a JSON array of what the engine sent, re-indented by four spaces
 * ({@code json.Indent}); {@code --format json} the same array compacted on one line; otherwise the
 * template once per object. Objects that fail are skipped and their errors printed together at
 * the end, one per line, exit 1; the array (possibly {@code []}) is still printed.
 *
 * <p>Templates run over the decoded JSON with Go's {@code missingkey=error}, which is what docker
 * falls back to when its typed value lacks a field; a field the Go type has but the engine left
 * out fails here where docker prints a zero value. Not thread-safe: one per command run.
 */
final class Inspector {
    /** Fetches one object's raw JSON; throws {@link EngineResponseException} or {@link CliFailure}. */
    @FunctionalInterface
    interface Source {
        byte[] get(String reference);
    }

    private Inspector() {}

    static int inspect(CliContext context, List<String> references, String format, Source source) {
        GoTemplate template = null;
        if (!format.isEmpty() && !format.equals("json")) {
            try {
                template = GoTemplate.parse(format);
            } catch (TemplateException e) {
                throw new CliFailure(64, "template parsing error: " + e.getMessage());
            }
        }
        List<String> raws = new ArrayList<>();
        StringBuilder rendered = new StringBuilder();
        List<String> errors = new ArrayList<>();
        for (String reference : references) {
            byte[] raw;
            try {
                raw = source.get(reference);
            } catch (EngineResponseException e) {
                errors.add("Error response from daemon: " + e.getMessage());
                continue;
            } catch (CliFailure e) {
                errors.add(e.getMessage());
                continue;
            }
            String json = new String(raw, StandardCharsets.UTF_8);
            if (template == null) {
                raws.add(json);
                continue;
            }
            try {
                rendered.append(template.executeMissingKeyError(JsonTrees.read(json))).append('\n');
            } catch (TemplateException e) {
                errors.add("template parsing error: " + e.getMessage());
            }
        }
        if (template != null) {
            context.out().print(rendered.isEmpty() ? "\n" : rendered.toString());
        } else if (raws.isEmpty()) {
            context.out().print("[]\n");
        } else {
            String array = "[" + String.join(",", raws) + "]";
            context.out().print((format.isEmpty() ? JsonIndent.indent(array, "    ") : JsonIndent.compact(array)) + "\n");
        }
        if (!errors.isEmpty()) {
            throw new CliFailure(1, String.join("\n", errors));
        }
        return 0;
    }
}
