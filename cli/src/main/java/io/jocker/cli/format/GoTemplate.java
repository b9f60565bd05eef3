package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.cli.format.FieldLookup.HeaderLookup;
import io.jocker.cli.format.FieldLookup.MapLookup;
import io.jocker.cli.format.FieldLookup.StructLookup;
import io.jocker.cli.format.Node.ListNode;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A docker {@code --format} template: the part of Go's text/template that docker users write,
 * executed over a Jackson tree instead of Go values.
 *
 * <pre>{@code
 * GoTemplate template = GoTemplate.parse("{{.Name}}: {{join .Names \", \"}}");
 * String line = template.execute(row);                 // map-like: missing fields print <no value>
 * String strict = template.execute(versionJson, true); // struct-like: missing fields fail
 * }</pre>
 *
 * <p>Text starting with {@code table} is docker's table convention: {@link #isTable()} is true and
 * the template is the rest, trimmed of spaces ({@code table {{.ID}}\t{{.Name}}}). Errors are
 * {@link TemplateException}s worded as Go words them.
 *
 * <p>Immutable and thread-safe: parse once, execute from any thread.
 */
public final class GoTemplate {

    private static final String TABLE_KEYWORD = "table";

    /** Names the missing-field type by the path of the object lacking it: "." or ".Server". */
    private static final UnaryOperator<String> PATH_TYPE_NAMES = path -> path.isEmpty() ? "." : path;

    private final String source;
    private final String text;
    private final boolean table;
    private final ListNode root;

    private GoTemplate(String source, String text, boolean table, ListNode root) {
        this.source = source;
        this.text = text;
        this.table = table;
        this.root = root;
    }

    /** @throws TemplateException with Go's message, e.g. {@code template: :1: unexpected "}" in operand} */
    public static GoTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        boolean table = text.startsWith(TABLE_KEYWORD);
        String body = table ? trimSpaces(text.substring(TABLE_KEYWORD.length())) : text;
        return new GoTemplate(text, body, table, Parser.parse(body));
    }

    /** Whether the text started with docker's {@code table} keyword. */
    public boolean isTable() {
        return table;
    }

    /**
     * Executes with map semantics, as docker does for {@code inspect}: a missing field prints
     * {@code <no value>}. A null {@code data} (Java or JSON) behaves like Go's nil data.
     */
    public String execute(JsonNode data) {
        return run(data, new MapLookup(), Functions.STANDARD);
    }

    /**
     * Executes with map semantics, or with struct semantics when {@code strictFields}: then a
     * missing field fails with {@code can't evaluate field Nope in type T}, where T is the path of
     * the object lacking it ({@code .} for the top level).
     */
    public String execute(JsonNode data, boolean strictFields) {
        return strictFields ? execute(data, PATH_TYPE_NAMES) : execute(data);
    }

    /**
     * Executes with struct semantics, naming the type in "can't evaluate field" errors with
     * {@code structTypeNames}, which receives the path of the object lacking the field ({@code ""}
     * for the top level, {@code ".Server"} below it). Lets callers print docker's Go type names.
     */
    public String execute(JsonNode data, UnaryOperator<String> structTypeNames) {
        Objects.requireNonNull(structTypeNames, "structTypeNames");
        return run(data, new StructLookup(structTypeNames), Functions.STANDARD);
    }

    /**
     * Executes over decoded JSON with Go's {@code missingkey=error}: a key missing from an object
     * fails with {@code map has no entry for key "Nope"}, as {@code docker inspect} templates do.
     */
    public String executeMissingKeyError(JsonNode data) {
        return run(data, new FieldLookup.MissingKeyErrorLookup(), Functions.STANDARD);
    }

    /**
     * The table header line: the template run over the column titles with docker's header functions.
     * Like docker, a failure is ignored and whatever was written before it is the header.
     */
    String executeHeader(Map<String, String> headers) {
        ObjectNode titles = JsonNodeFactory.instance.objectNode();
        headers.forEach(titles::put);
        Execution execution = new Execution(text, new HeaderLookup(headers), Functions.HEADER);
        try {
            return execution.run(root, titles);
        } catch (TemplateException e) {
            // docker/cli formatter.go ignores the header's Execute error; rows will report real ones.
            return execution.output();
        }
    }

    private String run(JsonNode data, FieldLookup lookup, Functions functions) {
        // Go's nil data is an invalid value: fields of it print <no value> rather than failing.
        JsonNode dot = data == null || data.isNull() ? MissingNode.getInstance() : data;
        return new Execution(text, lookup, functions).run(root, dot);
    }

    /** Go's strings.Trim(s, " "): docker trims only spaces around a table template. */
    static String trimSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == ' ') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(start, end);
    }

    @Override
    public String toString() {
        return source;
    }
}
