package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions a template may call: the text/template builtins docker users rely on and docker's
 * own additions (docker/cli templates/templates.go). {@link #STANDARD} is what rows see;
 * {@link #HEADER} is docker's table-header variant, where string functions return their first
 * argument unchanged so {@code {{upper .Name}}} heads its column with "NAME", not "name".
 *
 * <p>Parameters are typed the way the Go functions are, so a wrong argument fails with Go's
 * message. Immutable and thread-safe.
 */
final class Functions {

    /** Parameter types, named as Go prints them in "wrong type" errors. */
    enum Param {
        ANY("interface {}"), STRING("string"), INT("int"), STRINGS("[]string");

        final String goType;

        Param(String goType) {
            this.goType = goType;
        }
    }

    @FunctionalInterface
    interface Body {
        /** Arguments arrive already checked against the parameter types; failures throw EvaluationError. */
        JsonNode apply(List<JsonNode> args);
    }

    /** {@code variadic} is the type of trailing arguments, or null for a fixed arity. */
    record Function(String name, List<Param> fixed, Param variadic, Body body) {
        Param param(int index) {
            return index < fixed.size() ? fixed.get(index) : variadic;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final Functions STANDARD = new Functions(standard());
    static final Functions HEADER = new Functions(header());

    private final Map<String, Function> byName;

    private Functions(Map<String, Function> byName) {
        this.byName = Map.copyOf(byName);
    }

    /** Whether a name may appear in a template; Go checks this while parsing. */
    static boolean isDefined(String name) {
        return STANDARD.byName.containsKey(name);
    }

    Function get(String name) {
        return byName.get(name);
    }

    /** Go's truth: false, 0, "", nil and empty arrays and objects are false. */
    static boolean isTrue(JsonNode v) {
        if (GoFmt.isNil(v)) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.decimalValue().signum() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return v.size() > 0;
    }

    private static Map<String, Function> standard() {
        Map<String, Function> all = new HashMap<>();
        // and/or short-circuit, so the executor evaluates them itself; these bodies are never called.
        add(all, "and", List.of(Param.ANY), Param.ANY, args -> args.getLast());
        add(all, "or", List.of(Param.ANY), Param.ANY, args -> args.getLast());
        add(all, "not", List.of(Param.ANY), null, args -> BooleanNode.valueOf(!isTrue(args.get(0))));
        add(all, "len", List.of(Param.ANY), null, args -> IntNode.valueOf(length(args.get(0))));
        add(all, "index", List.of(Param.ANY), Param.ANY, Functions::index);
        add(all, "print", List.of(), Param.ANY, args -> text(GoFmt.sprint(args)));
        add(all, "println", List.of(), Param.ANY, args -> text(GoFmt.sprintln(args)));
        add(all, "printf", List.of(Param.STRING), Param.ANY,
                args -> text(GoFmt.sprintf(args.get(0).textValue(), args.subList(1, args.size()))));
        add(all, "eq", List.of(Param.ANY), Param.ANY, Functions::eq);
        add(all, "ne", List.of(Param.ANY, Param.ANY), null,
                args -> BooleanNode.valueOf(!equal(args.get(0), args.get(1))));
        add(all, "lt", List.of(Param.ANY, Param.ANY), null,
                args -> BooleanNode.valueOf(compare(args.get(0), args.get(1)) < 0));
        add(all, "le", List.of(Param.ANY, Param.ANY), null,
                args -> BooleanNode.valueOf(compare(args.get(0), args.get(1)) <= 0));
        add(all, "gt", List.of(Param.ANY, Param.ANY), null,
                args -> BooleanNode.valueOf(compare(args.get(0), args.get(1)) > 0));
        add(all, "ge", List.of(Param.ANY, Param.ANY), null,
                args -> BooleanNode.valueOf(compare(args.get(0), args.get(1)) >= 0));
        // docker's additions.
        add(all, "json", List.of(Param.ANY), null, args -> text(GoJson.encode(args.get(0), false)));
        add(all, "split", List.of(Param.STRING, Param.STRING), null,
                args -> split(args.get(0).textValue(), args.get(1).textValue()));
        add(all, "join", List.of(Param.STRINGS, Param.STRING), null, Functions::join);
        add(all, "title", List.of(Param.STRING), null, args -> text(title(args.get(0).textValue())));
        add(all, "lower", List.of(Param.STRING), null,
                args -> text(mapRunes(args.get(0).textValue(), false)));
        add(all, "upper", List.of(Param.STRING), null,
                args -> text(mapRunes(args.get(0).textValue(), true)));
        add(all, "pad", List.of(Param.STRING, Param.INT, Param.INT), null, Functions::pad);
        add(all, "truncate", List.of(Param.STRING, Param.INT), null, Functions::truncate);
        return all;
    }

    private static Map<String, Function> header() {
        Map<String, Function> all = standard();
        Body first = args -> args.get(0);
        add(all, "json", List.of(Param.STRING), null, first);
        add(all, "split", List.of(Param.STRING, Param.STRING), null, first);
        add(all, "join", List.of(Param.STRING, Param.STRING), null, first);
        add(all, "title", List.of(Param.STRING), null, first);
        add(all, "lower", List.of(Param.STRING), null, first);
        add(all, "upper", List.of(Param.STRING), null, first);
        add(all, "truncate", List.of(Param.STRING, Param.INT), null, first);
        return all;
    }

    private static void add(Map<String, Function> all, String name, List<Param> fixed,
            Param variadic, Body body) {
        all.put(name, new Function(name, fixed, variadic, body));
    }

    private static JsonNode text(String s) {
        return TextNode.valueOf(s);
    }

    private static int length(JsonNode v) {
        if (GoFmt.isNil(v)) {
            throw new EvaluationError("len of nil pointer");
        }
        if (v.isTextual()) {
            return v.textValue().getBytes(StandardCharsets.UTF_8).length; // Go's len counts bytes.
        }
        if (v.isContainerNode()) {
            return v.size();
        }
        throw new EvaluationError("len of type " + GoFmt.typeName(v));
    }

    private static JsonNode index(List<JsonNode> args) {
        JsonNode item = args.get(0);
        for (JsonNode key : args.subList(1, args.size())) {
            if (GoFmt.isNil(item)) {
                throw new EvaluationError("index of untyped nil");
            }
            if (item.isObject()) {
                if (GoFmt.isNil(key)) {
                    throw new EvaluationError("value is nil; should be of type string");
                }
                if (!key.isTextual()) {
                    throw new EvaluationError("value has type " + GoFmt.typeName(key) + "; should be string");
                }
                item = item.has(key.textValue()) ? item.get(key.textValue()) : MissingNode.getInstance();
            } else if (item.isArray() || item.isTextual()) {
                int position = position(key, item);
                item = item.isArray() ? item.get(position)
                        : IntNode.valueOf(item.textValue().getBytes(StandardCharsets.UTF_8)[position] & 0xff);
            } else {
                throw new EvaluationError("can't index item of type " + GoFmt.typeName(item));
            }
        }
        return item;
    }

    private static int position(JsonNode key, JsonNode item) {
        if (GoFmt.isNil(key)) {
            throw new EvaluationError("cannot index slice/array with nil");
        }
        if (!GoFmt.isInteger(key)) {
            throw new EvaluationError("cannot index slice/array with type " + GoFmt.typeName(key));
        }
        long i = key.longValue();
        int size = item.isArray() ? item.size()
                : item.textValue().getBytes(StandardCharsets.UTF_8).length;
        if (i < 0 || i >= size) {
            throw new EvaluationError("index out of range: " + i);
        }
        return (int) i;
    }

    private static JsonNode eq(List<JsonNode> args) {
        if (args.size() < 2) {
            throw new EvaluationError("missing argument for comparison");
        }
        for (JsonNode other : args.subList(1, args.size())) {
            if (equal(args.get(0), other)) {
                return BooleanNode.TRUE;
            }
        }
        return BooleanNode.FALSE;
    }

    private enum Kind { NIL, BOOL, NUMBER, STRING, CONTAINER }

    private static Kind kind(JsonNode v) {
        if (GoFmt.isNil(v)) {
            return Kind.NIL;
        }
        if (v.isBoolean()) {
            return Kind.BOOL;
        }
        if (v.isNumber()) {
            return Kind.NUMBER;
        }
        return v.isTextual() ? Kind.STRING : Kind.CONTAINER;
    }

    /**
     * Go's eq. Unlike Go, ints and floats compare by value instead of failing as incompatible: JSON
     * does not say which a number was meant to be.
     */
    private static boolean equal(JsonNode a, JsonNode b) {
        Kind kind = kind(a);
        if (kind == Kind.NIL || kind(b) == Kind.NIL) {
            return kind == kind(b);
        }
        if (kind != kind(b)) {
            throw new EvaluationError("incompatible types for comparison");
        }
        return switch (kind) {
            case NUMBER -> a.decimalValue().compareTo(b.decimalValue()) == 0;
            case CONTAINER -> throw new EvaluationError(
                    "non-comparable type " + GoFmt.value(a) + ": " + GoFmt.typeName(a));
            default -> a.equals(b);
        };
    }

    /** Go's lt, with only numbers and strings ordered. */
    private static int compare(JsonNode a, JsonNode b) {
        Kind kind = kind(a);
        if (kind != Kind.NUMBER && kind != Kind.STRING
                || kind(b) != Kind.NUMBER && kind(b) != Kind.STRING) {
            throw new EvaluationError("invalid type for comparison");
        }
        if (kind != kind(b)) {
            throw new EvaluationError("incompatible types for comparison");
        }
        return kind == Kind.NUMBER ? a.decimalValue().compareTo(b.decimalValue())
                : a.textValue().compareTo(b.textValue());
    }

    /** strings.Split: an empty separator splits after each rune. */
    private static JsonNode split(String s, String separator) {
        ArrayNode parts = NODES.arrayNode();
        if (separator.isEmpty()) {
            s.codePoints().forEach(c -> parts.add(Character.toString(c)));
            return parts;
        }
        int from = 0;
        for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
            parts.add(s.substring(from, at));
            from = at + separator.length();
        }
        return parts.add(s.substring(from));
    }

    private static JsonNode join(List<JsonNode> args) {
        JsonNode elements = args.get(0);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < elements.size(); i++) {
            out.append(i == 0 ? "" : args.get(1).textValue()).append(elements.get(i).textValue());
        }
        return text(out.toString());
    }

    /** strings.Title: upper-cases the first letter of each word; words break at non-letters. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int previous = ' ';
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            out.appendCodePoint(isSeparator(previous) ? Character.toTitleCase(c) : c);
            previous = c;
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static boolean isSeparator(int c) {
        if (c < 0x80) {
            return !(Character.isLetterOrDigit(c) || c == '_');
        }
        return !Character.isLetterOrDigit(c) && Character.isWhitespace(c);
    }

    /** strings.ToUpper/ToLower map rune by rune, without Java's locale and length changes. */
    private static String mapRunes(String s, boolean upper) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> out.appendCodePoint(
                upper ? Character.toUpperCase(c) : Character.toLowerCase(c)));
        return out.toString();
    }

    private static JsonNode pad(List<JsonNode> args) {
        String s = args.get(0).textValue();
        int prefix = args.get(1).intValue();
        int suffix = args.get(2).intValue();
        if (s.isEmpty()) {
            return text(s);
        }
        if (prefix < 0 || suffix < 0) {
            throw new EvaluationError("strings: negative Repeat count");
        }
        return text(" ".repeat(prefix) + s + " ".repeat(suffix));
    }

    /** docker's truncate counts bytes; this counts runes so it never splits a character. */
    private static JsonNode truncate(List<JsonNode> args) {
        String s = args.get(0).textValue();
        int length = args.get(1).intValue();
        int runes = s.codePointCount(0, s.length());
        if (runes < length) {
            return text(s);
        }
        if (length < 0) {
            throw new EvaluationError("runtime error: slice bounds out of range [:" + length + "]");
        }
        return text(s.substring(0, s.offsetByCodePoints(0, length)));
    }
}
