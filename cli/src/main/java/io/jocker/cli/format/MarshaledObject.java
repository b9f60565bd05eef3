package io.jocker.cli.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A row whose Go counterpart marshals itself through {@code encoding/json.Marshal}, as docker's
 * formatter contexts do ({@code formatter.MarshalJSON}, e.g. an {@code images} row). Go's
 * {@code Marshal} escapes {@code <}, {@code >} and {@code &}, and the {@code json} template
 * function keeps what a marshaler wrote, so {@code {{json .}}} prints {@code "\u003cnone\u003e"}
 * while {@code {{json .Tag}}} prints {@code "<none>"}. Build rows as this type to get both.
 * Keys keep insertion order: put them sorted, as Go marshals the map behind such a row.
 * Not thread-safe, like any ObjectNode.
 */
// "unchecked": javac flags ObjectNode's own covariant deepCopy() again on every subclass.
@SuppressWarnings("unchecked")
public final class MarshaledObject extends ObjectNode {
    private static final long serialVersionUID = 1L;

    /** Go methods with one string parameter, such as {@code .Label "k"}; never marshaled. */
    private final transient java.util.Map<String, java.util.function.UnaryOperator<String>> methods =
            new java.util.HashMap<>();

    public MarshaledObject() {
        super(JsonNodeFactory.instance);
    }

    /**
     * Adds a method a template calls with one string argument ({@code {{.Label "k"}}}), as the Go
     * type behind the row has; it is not a field, so {@code {{json .}}} leaves it out as Go does.
     */
    public MarshaledObject method(String name, java.util.function.UnaryOperator<String> body) {
        methods.put(name, body);
        return this;
    }

    java.util.function.UnaryOperator<String> method(String name) {
        return methods.get(name);
    }
}
