package io.jocker.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.cli.CliFailure;
import io.jocker.cli.format.GoTemplate;
import io.jocker.cli.format.TemplateException;
import java.util.function.UnaryOperator;

/**
 * {@code --format} handling shared by commands, with the docker CLI's conventions: "json" alone
 * means {@code {{json .}}}; a template that does not parse fails with exit 64.
 */
final class Templates {
    private Templates() {}

    /** The {@code -f, --format} flag of commands that print one object. */
    static org.apache.commons.cli.Option formatOption() {
        return org.apache.commons.cli.Option.builder("f").longOpt("format").hasArg().argName("string")
                .desc("Format output using a custom template").build();
    }

    static GoTemplate parse(String format, String errorPrefix) {
        String text = format.equals("json") ? "{{json .}}" : format;
        try {
            return GoTemplate.parse(text);
        } catch (TemplateException e) {
            throw new CliFailure(64, errorPrefix + e.getMessage());
        }
    }

    /**
     * Runs a template over struct-like data, naming types in errors as docker's Go types are named.
     * A template's output is one line: a newline is added, as the docker CLI adds one.
     */
    static String render(GoTemplate template, JsonNode data, UnaryOperator<String> typeNames) {
        return template.execute(data, typeNames) + "\n";
    }
}
