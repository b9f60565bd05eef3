package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * docker's {@code --format} rules for list-style output (docker/cli
 * cli/command/formatter/formatter.go), on top of {@link GoTemplate} and {@link TableWriter}.
 *
 * <ul>
 *   <li>{@code json} alone means {@code {{json .}}}: one JSON object per line.
 *   <li>{@code table TEMPLATE}: a header line, then one line per row, aligned by {@link
 *       TableWriter#docker()}. The header is the template run over the column titles with
 *       docker's header functions ({@code {{upper .Name}}} heads its column "NAME").
 *   <li>Anything else: the template once per row, each followed by a newline.
 * </ul>
 *
 * <p>As in docker, the two-character sequences {@code \t} and {@code \n} in the format become a tab
 * and a newline (shells pass them literally), surrounding spaces are trimmed, and errors read
 * {@code template parsing error: template: ...}. The {@code pretty} and empty formats mean
 * command-specific output and are the caller's to handle.
 *
 * <p>Stateless and thread-safe.
 */
public final class Formatter {

    private static final String JSON_FORMAT = "json";
    private static final String ERROR_PREFIX = "template parsing error: ";

    private Formatter() {}

    /**
     * Renders rows with map semantics: a field missing from a row prints {@code <no value>}.
     *
     * @param headers column titles by field name, e.g. {@code "ID" -> "CONTAINER ID"}; a field
     *     without one is headed by its name upper-cased
     * @throws TemplateException if the format does not parse or a row fails
     */
    public static String render(String format, List<JsonNode> rows, Map<String, String> headers) {
        return render(format, rows, headers, false);
    }

    /**
     * Renders rows; with {@code strictFields} a field missing from a row fails as it does for
     * docker's struct-backed rows ({@code can't evaluate field Nope in type .}).
     */
    public static String render(String format, List<JsonNode> rows, Map<String, String> headers,
            boolean strictFields) {
        return render(format, rows, headers, (template, row) -> template.execute(row, strictFields));
    }

    /**
     * Renders struct-like rows, naming the row's Go type in "can't evaluate field" errors as
     * docker would ({@code typeNames} gets "" for the row itself, ".Field" below it), e.g.
     * {@code can't evaluate field Nope in type *formatter.imageContext}.
     */
    public static String render(String format, List<JsonNode> rows, Map<String, String> headers,
            UnaryOperator<String> typeNames) {
        Objects.requireNonNull(typeNames, "typeNames");
        return render(format, rows, headers, (template, row) -> template.execute(row, typeNames));
    }

    private static String render(String format, List<JsonNode> rows, Map<String, String> headers,
            BiFunction<GoTemplate, JsonNode, String> execute) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(rows, "rows");
        GoTemplate template = parse(format);
        StringBuilder body = new StringBuilder();
        for (JsonNode row : rows) {
            try {
                body.append(execute.apply(template, row)).append('\n');
            } catch (TemplateException e) {
                throw new TemplateException(ERROR_PREFIX + e.getMessage(), e);
            }
        }
        if (!template.isTable()) {
            return body.toString();
        }
        String header = template.executeHeader(headers == null ? Map.of() : headers);
        return TableWriter.docker().align(header + "\n" + body);
    }

    private static GoTemplate parse(String format) {
        String text = format.equals(JSON_FORMAT) ? "{{json .}}" : format;
        text = text.replace("\\t", "\t").replace("\\n", "\n");
        // GoTemplate trims around a table template itself.
        text = text.startsWith("table") ? text : GoTemplate.trimSpaces(text);
        try {
            return GoTemplate.parse(text);
        } catch (TemplateException e) {
            throw new TemplateException(ERROR_PREFIX + e.getMessage(), e);
        }
    }
}
