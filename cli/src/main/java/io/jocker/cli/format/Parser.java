package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.jocker.cli.format.Lexer.Kind;
import io.jocker.cli.format.Lexer.Token;
import io.jocker.cli.format.Node.BoolNode;
import io.jocker.cli.format.Node.BranchKind;
import io.jocker.cli.format.Node.BranchNode;
import io.jocker.cli.format.Node.BreakNode;
import io.jocker.cli.format.Node.ChainNode;
import io.jocker.cli.format.Node.CommandNode;
import io.jocker.cli.format.Node.ContinueNode;
import io.jocker.cli.format.Node.DotNode;
import io.jocker.cli.format.Node.ElseNode;
import io.jocker.cli.format.Node.EndNode;
import io.jocker.cli.format.Node.FieldNode;
import io.jocker.cli.format.Node.IdentifierNode;
import io.jocker.cli.format.Node.ListNode;
import io.jocker.cli.format.Node.NilNode;
import io.jocker.cli.format.Node.NumberNode;
import io.jocker.cli.format.Node.PipeNode;
import io.jocker.cli.format.Node.StringNode;
import io.jocker.cli.format.Node.VariableNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the {@link Node} tree from tokens with Go's grammar and Go's error messages
 * ({@code template: :LINE: MESSAGE}). The template name is always empty, as in docker.
 *
 * <p>Not thread-safe; {@link #parse} creates one per call.
 */
final class Parser {

    /** Token kinds that may start a pipeline command. */
    private static final Set<Kind> OPERAND_STARTS = Set.of(Kind.BOOL, Kind.CHAR_CONSTANT, Kind.DOT,
            Kind.FIELD, Kind.IDENTIFIER, Kind.NUMBER, Kind.NIL, Kind.RAW_STRING, Kind.STRING,
            Kind.VARIABLE, Kind.LEFT_PAREN);

    private final List<Token> tokens;
    private final List<String> variables = new ArrayList<>(List.of("$"));
    private int next;
    /** Highest token index read so far: Go reports the line of the latest token it lexed. */
    private int seen;
    private int rangeDepth;
    /** Line of the "{{" of the action being parsed, 0 outside actions. */
    private int actionLine;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static ListNode parse(String text) {
        Parser parser = new Parser(Lexer.tokenize(text));
        List<Node> nodes = new ArrayList<>();
        while (parser.peek().kind() != Kind.EOF) {
            Node node = parser.textOrAction();
            if (node instanceof ElseNode || node instanceof EndNode) {
                throw parser.error("unexpected " + node);
            }
            nodes.add(node);
        }
        return new ListNode(0, nodes);
    }

    private record ItemList(ListNode list, Node end) {}

    /** Nodes up to the {@code {{else}}} or {@code {{end}}} that closes them. */
    private ItemList itemList() {
        int pos = peekNonSpace().pos();
        List<Node> nodes = new ArrayList<>();
        while (peekNonSpace().kind() != Kind.EOF) {
            Node node = textOrAction();
            if (node instanceof ElseNode || node instanceof EndNode) {
                return new ItemList(new ListNode(pos, nodes), node);
            }
            nodes.add(node);
        }
        throw error("unexpected EOF");
    }

    private Node textOrAction() {
        Token token = nextNonSpace();
        return switch (token.kind()) {
            case TEXT -> new Node.TextNode(token.pos(), token.text());
            case LEFT_DELIM -> {
                actionLine = token.line();
                try {
                    yield action();
                } finally {
                    actionLine = 0;
                }
            }
            default -> throw unexpected(token, "input");
        };
    }

    private Node action() {
        Token token = nextNonSpace();
        switch (token.kind()) {
            case IF:
                return branch(BranchKind.IF);
            case RANGE:
                return branch(BranchKind.RANGE);
            case WITH:
                return branch(BranchKind.WITH);
            case ELSE:
                return elseControl();
            case END:
                return new EndNode(expect(Kind.RIGHT_DELIM, "end").pos());
            case BREAK:
            case CONTINUE:
                return loopControl(token);
            case DEFINE:
            case TEMPLATE:
            case BLOCK:
                // docker's --format has a single anonymous template, so there is nothing to define or call.
                throw error("{{" + token.text() + "}} is not supported");
            default:
                backup();
                return new Node.ActionNode(peek().pos(), pipeline("command", Kind.RIGHT_DELIM));
        }
    }

    private Node branch(BranchKind kind) {
        String context = kind.name().toLowerCase(java.util.Locale.ROOT);
        int scope = variables.size();
        try {
            PipeNode pipe = pipeline(context, Kind.RIGHT_DELIM);
            rangeDepth += kind == BranchKind.RANGE ? 1 : 0;
            ItemList body = itemList();
            rangeDepth -= kind == BranchKind.RANGE ? 1 : 0;
            ListNode elseList = null;
            if (body.end() instanceof ElseNode otherwise) {
                elseList = elseBranch(kind, otherwise);
            }
            return new BranchNode(kind, pipe.pos(), pipe, body.list(), elseList);
        } finally {
            variables.subList(scope, variables.size()).clear();
        }
    }

    /** {@code {{else if x}}} and {@code {{else with x}}} nest a branch that shares our {{end}}. */
    private ListNode elseBranch(BranchKind kind, ElseNode otherwise) {
        Kind chained = kind == BranchKind.IF ? Kind.IF : kind == BranchKind.WITH ? Kind.WITH : null;
        if (chained != null && peek().kind() == chained) {
            next();
            return new ListNode(otherwise.pos(), List.of(branch(kind)));
        }
        ItemList rest = itemList();
        if (!(rest.end() instanceof EndNode)) {
            throw error("expected end; found " + rest.end());
        }
        return rest.list();
    }

    private Node elseControl() {
        Token peeked = peekNonSpace();
        if (peeked.kind() == Kind.IF || peeked.kind() == Kind.WITH) {
            return new ElseNode(peeked.pos());
        }
        return new ElseNode(expect(Kind.RIGHT_DELIM, "else").pos());
    }

    private Node loopControl(Token keyword) {
        String name = "{{" + keyword.text() + "}}";
        Token token = nextNonSpace();
        if (token.kind() != Kind.RIGHT_DELIM) {
            throw unexpected(token, name);
        }
        if (rangeDepth == 0) {
            throw error(name + " outside {{range}}");
        }
        return keyword.kind() == Kind.BREAK
                ? new BreakNode(keyword.pos()) : new ContinueNode(keyword.pos());
    }

    /** {@code declarations? command ('|' command)*} up to the {@code end} token. */
    private PipeNode pipeline(String context, Kind end) {
        int pos = peekNonSpace().pos();
        List<VariableNode> decls = new ArrayList<>();
        boolean assign = false;
        while (peekNonSpace().kind() == Kind.VARIABLE) {
            int variableIndex = next;
            Token variable = next();
            Token after = peekNonSpace();
            if (after.kind() == Kind.ASSIGN || after.kind() == Kind.DECLARE) {
                assign = after.kind() == Kind.ASSIGN;
                nextNonSpace();
                declare(decls, variable);
            } else if (after.kind() == Kind.CHAR && after.text().equals(",")) {
                nextNonSpace();
                declare(decls, variable);
                if (!context.equals("range") || decls.size() >= 2) {
                    throw error("too many declarations in " + context);
                }
                Kind following = peekNonSpace().kind();
                if (following != Kind.VARIABLE && following != Kind.RIGHT_DELIM
                        && following != Kind.RIGHT_PAREN) {
                    throw error("range can only initialize variables");
                }
                continue;
            } else {
                next = variableIndex; // "$x" was an operand, not a declaration.
            }
            break;
        }
        List<CommandNode> commands = new ArrayList<>();
        while (true) {
            Token token = nextNonSpace();
            if (token.kind() == end) {
                checkPipeline(commands, context);
                return new PipeNode(pos, assign, decls, commands);
            }
            if (!OPERAND_STARTS.contains(token.kind())) {
                throw unexpected(token, context);
            }
            backup();
            commands.add(command());
        }
    }

    private void declare(List<VariableNode> decls, Token variable) {
        decls.add(new VariableNode(variable.pos(), List.of(variable.text())));
        variables.add(variable.text());
    }

    private void checkPipeline(List<CommandNode> commands, String context) {
        if (commands.isEmpty()) {
            throw error("missing value for " + context);
        }
        for (int i = 1; i < commands.size(); i++) {
            Node first = commands.get(i).args().getFirst();
            if (first instanceof BoolNode || first instanceof DotNode || first instanceof NilNode
                    || first instanceof NumberNode || first instanceof StringNode) {
                throw error("non executable command in pipeline stage " + (i + 1));
            }
        }
    }

    /** Space-separated operands up to "|" (consumed) or the closing delimiter (not consumed). */
    private CommandNode command() {
        int pos = peekNonSpace().pos();
        List<Node> args = new ArrayList<>();
        while (true) {
            peekNonSpace();
            Node operand = operand();
            if (operand != null) {
                args.add(operand);
            }
            Token token = next();
            if (token.kind() == Kind.SPACE) {
                continue;
            }
            if (token.kind() == Kind.RIGHT_DELIM || token.kind() == Kind.RIGHT_PAREN) {
                backup();
            } else if (token.kind() != Kind.PIPE) {
                throw unexpected(token, "operand");
            }
            break;
        }
        if (args.isEmpty()) {
            throw error("empty command");
        }
        return new CommandNode(pos, args);
    }

    /** A term followed by any number of {@code .Field} accesses. */
    private Node operand() {
        Node node = term();
        if (node == null || peek().kind() != Kind.FIELD) {
            return node;
        }
        // Go positions a chained field at its first chained name: ".A.B" is reported at ".B".
        int pos = peek().pos();
        List<String> names = new ArrayList<>();
        while (peek().kind() == Kind.FIELD) {
            names.add(next().text().substring(1));
        }
        return switch (node) {
            case FieldNode field -> new FieldNode(pos, concat(field.names(), names));
            case VariableNode variable -> new VariableNode(pos, concat(variable.names(), names));
            case BoolNode _, StringNode _, NumberNode _, NilNode _, DotNode _ ->
                    throw error("unexpected . after term " + GoLiteral.quote(node.toString()));
            default -> new ChainNode(pos, node, names);
        };
    }

    /** A literal, function name, ".", ".Field", "$var" or "(pipeline)"; null if none is next. */
    private Node term() {
        Token token = nextNonSpace();
        return switch (token.kind()) {
            case IDENTIFIER -> {
                if (!Functions.isDefined(token.text())) {
                    throw error("function " + GoLiteral.quote(token.text()) + " not defined");
                }
                yield new IdentifierNode(token.pos(), token.text());
            }
            case DOT -> new DotNode(token.pos());
            case NIL -> new NilNode(token.pos());
            case VARIABLE -> {
                if (!variables.contains(token.text())) {
                    throw error("undefined variable " + GoLiteral.quote(token.text()));
                }
                yield new VariableNode(token.pos(), List.of(token.text()));
            }
            case FIELD -> new FieldNode(token.pos(), List.of(token.text().substring(1)));
            case BOOL -> new BoolNode(token.pos(), token.text().equals("true"));
            case NUMBER, CHAR_CONSTANT -> number(token);
            case LEFT_PAREN -> pipeline("parenthesized pipeline", Kind.RIGHT_PAREN);
            case STRING, RAW_STRING -> {
                String text = GoLiteral.unquote(token.text());
                if (text == null) {
                    throw error("invalid syntax");
                }
                yield new StringNode(token.pos(), token.text(), text);
            }
            default -> {
                backup();
                yield null;
            }
        };
    }

    private NumberNode number(Token token) {
        String text = token.text();
        if (token.kind() == Kind.CHAR_CONSTANT) {
            try {
                return new NumberNode(token.pos(), text, LongNode.valueOf(GoLiteral.unquoteRune(text)), true);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
        String digits = text.replace("_", "");
        try {
            BigInteger integer = parseInteger(digits);
            if (integer != null) {
                if (integer.bitLength() > 63) {
                    throw error(text + " overflows int");
                }
                return new NumberNode(token.pos(), text, LongNode.valueOf(integer.longValue()), true);
            }
            BigDecimal decimal = new BigDecimal(digits.startsWith("+") ? digits.substring(1) : digits);
            JsonNode value = DoubleNode.valueOf(decimal.doubleValue());
            boolean isInt = decimal.stripTrailingZeros().scale() <= 0
                    && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            return new NumberNode(token.pos(), text, value, isInt);
        } catch (NumberFormatException e) {
            throw error("illegal number syntax: " + GoLiteral.quote(text));
        }
    }

    /** Go integer literal syntax (0x, 0o, 0b, leading-0 octal); null if the text is not one. */
    private static BigInteger parseInteger(String text) {
        boolean negative = text.startsWith("-");
        String body = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        BigInteger value;
        if (lower.startsWith("0x")) {
            value = new BigInteger(body.substring(2), 16);
        } else if (lower.startsWith("0o")) {
            value = new BigInteger(body.substring(2), 8);
        } else if (lower.startsWith("0b")) {
            value = new BigInteger(body.substring(2), 2);
        } else if (lower.contains(".") || lower.contains("e") || lower.endsWith("i")) {
            if (lower.endsWith("i")) {
                throw new NumberFormatException("complex constants are not supported");
            }
            return null;
        } else if (body.length() > 1 && body.startsWith("0") && body.chars().allMatch(c -> c < '8')) {
            value = new BigInteger(body.substring(1), 8);
        } else {
            value = new BigInteger(body);
        }
        return negative ? value.negate() : value;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // Token stream.

    private Token next() {
        Token token = tokens.get(Math.min(next, tokens.size() - 1));
        seen = Math.max(seen, Math.min(next, tokens.size() - 1));
        next++;
        return token;
    }

    private Token peek() {
        Token token = next();
        backup();
        return token;
    }

    private void backup() {
        next--;
    }

    private Token nextNonSpace() {
        Token token;
        do {
            token = next();
        } while (token.kind() == Kind.SPACE);
        return token;
    }

    private Token peekNonSpace() {
        Token token = nextNonSpace();
        backup();
        return token;
    }

    private Token expect(Kind kind, String context) {
        Token token = nextNonSpace();
        if (token.kind() != kind) {
            throw unexpected(token, context);
        }
        return token;
    }

    private TemplateException unexpected(Token token, String context) {
        if (token.kind() == Kind.ERROR) {
            String extra = "";
            if (actionLine != 0 && actionLine != token.line()) {
                // Go avoids "unclosed action in action started at".
                extra = (token.text().endsWith(" action") ? " started at :" : " in action started at :")
                        + actionLine;
            }
            return error(token.text() + extra);
        }
        return error("unexpected " + token + " in " + context);
    }

    private TemplateException error(String message) {
        return new TemplateException("template: :" + tokens.get(seen).line() + ": " + message);
    }
}
