package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How {@code .Name} finds a value. In Go this depends on the Go type behind the data, which JSON
 * does not carry, so the caller chooses: a map forgives a missing key, a struct does not.
 *
 * <p>Names match exactly first, then ignoring case, so data keyed "id" still serves {@code .ID}.
 * Implementations are immutable and thread-safe.
 */
sealed interface FieldLookup {

    /**
     * The value of {@code name} on {@code receiver}; {@link MissingNode} for "no value".
     *
     * @param path the field chain before {@code name} relative to where the chain started, such as
     *     {@code ".Server"} for {@code .Server.Version}; {@code ""} at the start
     * @throws EvaluationError with Go's wording when Go would fail
     */
    JsonNode field(JsonNode receiver, String name, String path);

    /** Map-backed data, like {@code docker inspect}: a missing key prints {@code <no value>}. */
    record MapLookup() implements FieldLookup {
        @Override
        public JsonNode field(JsonNode receiver, String name, String path) {
            JsonNode value = member(receiver, name);
            return value == null ? MissingNode.getInstance() : value;
        }
    }

    /**
     * Decoded JSON executed with Go's {@code missingkey=error}, as {@code docker inspect} falls back
     * to when its typed value lacks a field: a key not in the object fails with
     * {@code map has no entry for key "Nope"}. Keys match exactly, as Go map keys do.
     */
    record MissingKeyErrorLookup() implements FieldLookup {
        @Override
        public JsonNode field(JsonNode receiver, String name, String path) {
            if (receiver.isObject()) {
                JsonNode value = receiver.get(name);
                if (value == null) {
                    throw new EvaluationError("map has no entry for key \"" + name + "\"");
                }
                return value;
            }
            JsonNode value = member(receiver, name);
            return value == null ? MissingNode.getInstance() : value;
        }
    }

    /**
     * Struct-backed data, like {@code docker version} or {@code docker ps} rows: a missing field
     * fails with {@code can't evaluate field Nope in type T}, T named by {@code typeNames} from the
     * path of the object that lacks the field.
     */
    record StructLookup(UnaryOperator<String> typeNames) implements FieldLookup {
        @Override
        public JsonNode field(JsonNode receiver, String name, String path) {
            JsonNode value = member(receiver, name);
            if (value == null) {
                throw cannotEvaluate(name, typeNames.apply(path));
            }
            return value;
        }
    }

    /**
     * docker's table header pass: every field resolves to its column title, looked up by full path
     * ("Config.Image"), then by last name ("Image"), else the name upper-cased ("IMAGE").
     */
    record HeaderLookup(Map<String, String> headers) implements FieldLookup {
        public HeaderLookup {
            headers = Map.copyOf(headers);
        }

        @Override
        public JsonNode field(JsonNode receiver, String name, String path) {
            String fullPath = path.isEmpty() ? name : path.substring(1) + "." + name;
            String title = headers.getOrDefault(fullPath, headers.get(name));
            return TextNode.valueOf(title != null ? title : name.toUpperCase(Locale.ROOT));
        }
    }

    /** The member of an object, null if absent; fails as Go does when receiver has no fields. */
    private static JsonNode member(JsonNode receiver, String name) {
        if (receiver.isMissingNode()) {
            return receiver; // Go carries "no value" down a chain: .Missing.Name is still no value.
        }
        if (receiver.isNull()) {
            throw new EvaluationError("nil pointer evaluating interface {}." + name);
        }
        if (!receiver.isObject()) {
            throw cannotEvaluate(name, GoFmt.typeName(receiver));
        }
        JsonNode exact = receiver.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> field : receiver.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }

    private static EvaluationError cannotEvaluate(String name, String typeName) {
        return new EvaluationError("can't evaluate field " + name + " in type " + typeName);
    }
}
