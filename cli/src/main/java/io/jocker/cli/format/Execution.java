package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jocker.cli.format.Functions.Function;
import io.jocker.cli.format.Functions.Param;
import io.jocker.cli.format.Node.ActionNode;
import io.jocker.cli.format.Node.BoolNode;
import io.jocker.cli.format.Node.BranchKind;
import io.jocker.cli.format.Node.BranchNode;
import io.jocker.cli.format.Node.BreakNode;
import io.jocker.cli.format.Node.ChainNode;
import io.jocker.cli.format.Node.CommandNode;
import io.jocker.cli.format.Node.ContinueNode;
import io.jocker.cli.format.Node.DotNode;
import io.jocker.cli.format.Node.FieldNode;
import io.jocker.cli.format.Node.IdentifierNode;
import io.jocker.cli.format.Node.ListNode;
import io.jocker.cli.format.Node.NilNode;
import io.jocker.cli.format.Node.NumberNode;
import io.jocker.cli.format.Node.PipeNode;
import io.jocker.cli.format.Node.StringNode;
import io.jocker.cli.format.Node.VariableNode;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of a parsed template over one value, following Go's text/template execution rules.
 *
 * <p>Values are Jackson nodes. {@link com.fasterxml.jackson.databind.node.MissingNode} plays Go's
 * invalid value (a key that is not there) and {@link NullNode} Go's nil; both print
 * {@code <no value>}. A Java null stands for Go's "no piped value" in a pipeline.
 *
 * <p>Not thread-safe; {@link GoTemplate} creates one per execution.
 */
final class Execution {

    /** Unwinds {@code {{break}}} and {@code {{continue}}} to the enclosing range. */
    private static final class LoopSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoopSignal() {
            super(null, null, false, false);
        }
    }

    private static final LoopSignal BREAK = new LoopSignal();
    private static final LoopSignal CONTINUE = new LoopSignal();

    private static final class Variable {
        final String name;
        JsonNode value;

        Variable(String name, JsonNode value) {
            this.name = name;
            this.value = value;
        }
    }

    private final String text;
    private final FieldLookup lookup;
    private final Functions functions;
    private final StringBuilder out = new StringBuilder();
    private final List<Variable> variables = new ArrayList<>();
    /** The node an error is reported at; Go moves it as evaluation descends. */
    private Node current;

    /** {@code text} is the template source, needed to report positions as line:column. */
    Execution(String text, FieldLookup lookup, Functions functions) {
        this.text = text;
        this.lookup = lookup;
        this.functions = functions;
    }

    /** Runs the template; after a failure {@link #output()} still holds what was written. */
    String run(ListNode root, JsonNode data) {
        variables.add(new Variable("$", data));
        walk(data, root);
        return out.toString();
    }

    String output() {
        return out.toString();
    }

    private void walk(JsonNode dot, Node node) {
        switch (node) {
            case ListNode list -> list.nodes().forEach(child -> walk(dot, child));
            case Node.TextNode plain -> out.append(plain.text());
            case ActionNode action -> {
                JsonNode value = evalPipeline(dot, action.pipe());
                if (action.pipe().decls().isEmpty()) {
                    current = action;
                    out.append(GoFmt.isNil(value) ? "<no value>" : GoFmt.value(value));
                }
            }
            case BranchNode branch when branch.kind() == BranchKind.RANGE -> walkRange(dot, branch);
            case BranchNode branch -> walkIfOrWith(dot, branch);
            case BreakNode _ -> throw BREAK;
            case ContinueNode _ -> throw CONTINUE;
            default -> throw fail("unknown node: " + node);
        }
    }

    private void walkIfOrWith(JsonNode dot, BranchNode branch) {
        int scope = variables.size();
        try {
            JsonNode value = evalPipeline(dot, branch.pipe());
            if (Functions.isTrue(value)) {
                walk(branch.kind() == BranchKind.WITH ? value : dot, branch.list());
            } else if (branch.elseList() != null) {
                walk(dot, branch.elseList());
            }
        } finally {
            pop(scope);
        }
    }

    private void walkRange(JsonNode dot, BranchNode range) {
        current = range;
        int scope = variables.size();
        try {
            JsonNode value = evalPipeline(dot, range.pipe());
            List<Map.Entry<JsonNode, JsonNode>> items = rangeItems(value, range.pipe().decls().size());
            if (items.isEmpty() && range.elseList() != null) {
                walk(dot, range.elseList());
            }
            for (Map.Entry<JsonNode, JsonNode> item : items) {
                if (!iterate(range, item.getKey(), item.getValue())) {
                    break;
                }
            }
        } finally {
            pop(scope);
        }
    }

    /** Index (or key) and element pairs; Go visits object keys in sorted order. */
    private List<Map.Entry<JsonNode, JsonNode>> rangeItems(JsonNode value, int declared) {
        List<Map.Entry<JsonNode, JsonNode>> items = new ArrayList<>();
        if (GoFmt.isNil(value)) {
            return items;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                items.add(new SimpleEntry<>(IntNode.valueOf(i), value.get(i)));
            }
        } else if (value.isObject()) {
            List<String> keys = new ArrayList<>();
            value.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            keys.forEach(key -> items.add(new SimpleEntry<>(TextNode.valueOf(key), value.get(key))));
        } else if (GoFmt.isInteger(value)) {
            // Go 1.22 ranges over an integer n as 0..n-1.
            if (declared > 1) {
                throw fail("can't use " + GoFmt.value(value) + " to iterate over more than one variable");
            }
            for (long i = 0; i < value.longValue(); i++) {
                items.add(new SimpleEntry<>(LongNode.valueOf(i), LongNode.valueOf(i)));
            }
        } else {
            throw fail("range can't iterate over " + GoFmt.value(value));
        }
        return items;
    }

    /** Runs one iteration; returns false after {@code {{break}}}. */
    private boolean iterate(BranchNode range, JsonNode index, JsonNode element) {
        PipeNode pipe = range.pipe();
        List<VariableNode> decls = pipe.decls();
        // With one variable it receives the element; with two, the index and then the element.
        if (pipe.assign()) {
            if (decls.size() == 1) {
                setVariable(decls.get(0).names().get(0), element);
            } else if (decls.size() == 2) {
                setVariable(decls.get(0).names().get(0), index);
                setVariable(decls.get(1).names().get(0), element);
            }
        } else if (!decls.isEmpty()) {
            variables.getLast().value = element;
            if (decls.size() == 2) {
                variables.get(variables.size() - 2).value = index;
            }
        }
        int scope = variables.size();
        try {
            walk(element, range.list());
        } catch (LoopSignal signal) {
            return signal != BREAK;
        } finally {
            pop(scope);
        }
        return true;
    }

    private JsonNode evalPipeline(JsonNode dot, PipeNode pipe) {
        current = pipe;
        JsonNode value = null;
        for (CommandNode command : pipe.commands()) {
            value = evalCommand(dot, command, value);
        }
        for (VariableNode decl : pipe.decls()) {
            if (pipe.assign()) {
                setVariable(decl.names().get(0), value);
            } else {
                variables.add(new Variable(decl.names().get(0), value));
            }
        }
        return value;
    }

    /** {@code piped} is the previous stage's value, passed as the last argument; null if none. */
    private JsonNode evalCommand(JsonNode dot, CommandNode command, JsonNode piped) {
        List<Node> args = command.args();
        Node first = args.getFirst();
        return switch (first) {
            case FieldNode field -> {
                current = field;
                yield evalFields(dot, dot, field.names(), args, piped);
            }
            case ChainNode chain -> evalChain(dot, chain, args, piped);
            case IdentifierNode function -> evalFunction(dot, function, command, args, piped);
            case VariableNode variable -> evalVariable(dot, variable, args, piped);
            case PipeNode pipe -> {
                notAFunction(args, piped);
                yield evalPipeline(dot, pipe);
            }
            default -> {
                current = first;
                notAFunction(args, piped);
                yield first instanceof DotNode ? dot : constant(first);
            }
        };
    }

    private JsonNode constant(Node node) {
        return switch (node) {
            case BoolNode bool -> BooleanNode.valueOf(bool.value());
            case NilNode _ -> throw fail("nil is not a command");
            case NumberNode number -> number.value();
            case StringNode string -> TextNode.valueOf(string.text());
            default -> throw fail("can't evaluate command " + GoLiteral.quote(node.toString()));
        };
    }

    private void notAFunction(List<Node> args, JsonNode piped) {
        if (args.size() > 1 || piped != null) {
            throw fail("can't give argument to non-function " + args.getFirst());
        }
    }

    private JsonNode evalChain(JsonNode dot, ChainNode chain, List<Node> args, JsonNode piped) {
        current = chain;
        if (chain.node() instanceof NilNode) {
            throw fail("indirection through explicit nil in " + chain);
        }
        // Like Go, errors further down the chain are reported at the last node evaluated.
        JsonNode base = evalArg(dot, null, chain.node());
        return evalFields(dot, base, chain.names(), args, piped);
    }

    private JsonNode evalVariable(JsonNode dot, VariableNode variable, List<Node> args,
            JsonNode piped) {
        current = variable;
        JsonNode value = variableValue(variable.names().get(0));
        if (variable.names().size() == 1) {
            notAFunction(args, piped);
            return value;
        }
        List<String> names = variable.names();
        return evalFields(dot, value, names.subList(1, names.size()), args, piped);
    }

    /** Walks {@code .A.B.C} from receiver; only the last name could take arguments, and can't. */
    private JsonNode evalFields(JsonNode dot, JsonNode receiver, List<String> names, List<Node> args,
            JsonNode piped) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            boolean hasArgs = args.size() > 1 || piped != null;
            if (i == names.size() - 1 && receiver instanceof MarshaledObject row && row.method(name) != null) {
                return callMethod(dot, name, row.method(name), args, piped);
            }
            if (i == names.size() - 1 && hasArgs && receiver.isObject()) {
                throw fail(name + " is not a method but has arguments");
            }
            try {
                receiver = lookup.field(receiver, name, path.toString());
            } catch (EvaluationError e) {
                throw fail(e.getMessage());
            }
            path.append('.').append(name);
        }
        return receiver;
    }

    /** A row's Go method with one string parameter ({@code .Label "k"}). */
    private JsonNode callMethod(JsonNode dot, String name, java.util.function.UnaryOperator<String> method,
            List<Node> args, JsonNode piped) {
        List<Node> params = args.size() > 1 ? args.subList(1, args.size()) : List.of();
        int count = params.size() + (piped == null ? 0 : 1);
        if (count != 1) {
            throw fail("wrong number of args for " + name + ": want 1 got " + count);
        }
        JsonNode arg = piped != null ? convert(piped, Param.STRING) : evalArg(dot, Param.STRING, params.getFirst());
        return TextNode.valueOf(method.apply(arg.asText()));
    }

    private JsonNode evalFunction(JsonNode dot, IdentifierNode identifier, Node command,
            List<Node> args, JsonNode piped) {
        current = identifier;
        Function function = functions.get(identifier.name());
        if (function == null) {
            throw fail(GoLiteral.quote(identifier.name()) + " is not a defined function");
        }
        List<Node> params = args.subList(1, args.size());
        int count = params.size() + (piped == null ? 0 : 1);
        if (function.variadic() != null && count < function.fixed().size()) {
            throw fail("wrong number of args for " + function.name() + ": want at least "
                    + function.fixed().size() + " got " + params.size());
        }
        if (function.variadic() == null && count != function.fixed().size()) {
            throw fail("wrong number of args for " + function.name() + ": want "
                    + function.fixed().size() + " got " + count);
        }
        if (function.name().equals("and") || function.name().equals("or")) {
            return shortCircuit(dot, function.name().equals("or"), params, piped);
        }
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            values.add(evalArg(dot, function.param(i), params.get(i)));
        }
        if (piped != null) {
            values.add(convert(piped, function.param(count - 1)));
        }
        try {
            return function.body().apply(values);
        } catch (EvaluationError e) {
            current = command;
            throw fail("error calling " + function.name() + ": " + e.getMessage());
        }
    }

    /** and/or stop at the first argument that decides the result and return it, as Go 1.18+. */
    private JsonNode shortCircuit(JsonNode dot, boolean or, List<Node> params, JsonNode piped) {
        JsonNode value = null;
        for (Node param : params) {
            value = evalArg(dot, Param.ANY, param);
            if (Functions.isTrue(value) == or) {
                return value;
            }
        }
        return piped != null ? convert(piped, Param.ANY) : value;
    }

    /** Evaluates a function argument against its parameter type; null type means "as is". */
    private JsonNode evalArg(JsonNode dot, Param type, Node arg) {
        current = arg;
        JsonNode value = switch (arg) {
            case DotNode _ -> dot;
            case NilNode _ -> {
                if (type != null && type != Param.ANY && type != Param.STRINGS) {
                    throw fail("cannot assign nil to " + type.goType);
                }
                yield NullNode.getInstance();
            }
            case FieldNode field -> evalFields(dot, dot, field.names(), List.of(arg), null);
            case VariableNode variable -> evalVariable(dot, variable, List.of(arg), null);
            case PipeNode pipe -> evalPipeline(dot, pipe);
            case IdentifierNode function -> evalFunction(dot, function, function, List.of(arg), null);
            case ChainNode chain -> evalChain(dot, chain, List.of(arg), null);
            default -> literal(type, arg);
        };
        return convert(value, type);
    }

    private JsonNode literal(Param type, Node arg) {
        if (type == null || type == Param.ANY) {
            return switch (arg) {
                case BoolNode bool -> BooleanNode.valueOf(bool.value());
                case NumberNode number -> number.value();
                case StringNode string -> TextNode.valueOf(string.text());
                default -> throw fail("can't handle assignment of " + arg + " to empty interface argument");
            };
        }
        return switch (type) {
            case STRING -> {
                if (arg instanceof StringNode string) {
                    yield TextNode.valueOf(string.text());
                }
                throw fail("expected string; found " + arg);
            }
            case INT -> {
                if (arg instanceof NumberNode number && number.isInt()) {
                    yield LongNode.valueOf(number.value().longValue());
                }
                throw fail("expected integer; found " + arg);
            }
            default -> throw fail("can't handle " + arg + " for arg of type " + type.goType);
        };
    }

    /**
     * Checks a value against a parameter type as Go's validateType does, except where JSON loses Go's
     * types: any array passes as []string (with its elements printed), and null passes as an empty
     * []string because Go marshals a nil slice as null.
     */
    private JsonNode convert(JsonNode value, Param type) {
        if (type == null) {
            return value;
        }
        return switch (type) {
            case ANY -> value.isMissingNode() ? NullNode.getInstance() : value;
            case STRING -> {
                if (value.isTextual()) {
                    yield value;
                }
                if (value.isMissingNode()) {
                    throw fail("invalid value; expected string");
                }
                throw wrongType(type, value);
            }
            case INT -> {
                if (GoFmt.isInteger(value)) {
                    yield LongNode.valueOf(value.longValue());
                }
                if (value.isMissingNode()) {
                    throw fail("invalid value; expected int");
                }
                throw wrongType(type, value);
            }
            case STRINGS -> {
                if (GoFmt.isNil(value)) {
                    yield JsonNodeFactory.instance.arrayNode();
                }
                if (!value.isArray()) {
                    throw wrongType(type, value);
                }
                var strings = JsonNodeFactory.instance.arrayNode();
                value.forEach(element -> strings.add(
                        element.isTextual() ? element.textValue() : GoFmt.value(element)));
                yield strings;
            }
        };
    }

    private TemplateException wrongType(Param type, JsonNode value) {
        return fail("wrong type for value; expected " + type.goType + "; got "
                + GoFmt.typeName(value));
    }

    private JsonNode variableValue(String name) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name.equals(name)) {
                return variables.get(i).value;
            }
        }
        throw fail("undefined variable: " + name);
    }

    private void setVariable(String name, JsonNode value) {
        for (int i = variables.size() - 1; i >= 0; i--) {
            if (variables.get(i).name.equals(name)) {
                variables.get(i).value = value;
                return;
            }
        }
        throw fail("undefined variable: " + name);
    }

    private void pop(int scope) {
        variables.subList(scope, variables.size()).clear();
    }

    /** Go's execution error: {@code template: :LINE:COL: executing "" at <NODE>: DETAIL}. */
    private TemplateException fail(String detail) {
        if (current == null) {
            return new TemplateException("template: : " + detail);
        }
        int pos = Math.min(current.pos(), text.length());
        int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
        long line = 1 + text.substring(0, pos).chars().filter(c -> c == '\n').count();
        // Go counts the column in bytes from 0.
        int column = text.substring(lineStart, pos).getBytes(StandardCharsets.UTF_8).length;
        return new TemplateException("template: :" + line + ":" + column + ": executing \"\" at <"
                + current + ">: " + detail);
    }
}
