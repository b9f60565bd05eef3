package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parse tree of a template. Immutable and thread-safe.
 *
 * <p>{@link #pos()} is the char offset of the node in the template text; execution errors turn it
 * into Go's {@code line:column}. {@link #toString()} renders the node as Go does, because error
 * messages quote it: {@code executing "" at <.Nope>}.
 */
sealed interface Node {

    int pos();

    /** A sequence of nodes: the template body or a branch of if/range/with. */
    record ListNode(int pos, List<Node> nodes) implements Node {
        public ListNode {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String toString() {
            return nodes.stream().map(Node::toString).collect(Collectors.joining());
        }
    }

    record TextNode(int pos, String text) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** {@code {{pipeline}}}: prints the value unless the pipeline declares variables. */
    record ActionNode(int pos, PipeNode pipe) implements Node {
        @Override
        public String toString() {
            return "{{" + pipe + "}}";
        }
    }

    enum BranchKind { IF, RANGE, WITH }

    /** {@code {{if}}}, {@code {{range}}} or {@code {{with}}}; {@code elseList} may be null. */
    record BranchNode(BranchKind kind, int pos, PipeNode pipe, ListNode list, ListNode elseList)
            implements Node {
        @Override
        public String toString() {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            String otherwise = elseList == null ? "" : "{{else}}" + elseList;
            return "{{" + name + " " + pipe + "}}" + list + otherwise + "{{end}}";
        }
    }

    record BreakNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{break}}";
        }
    }

    record ContinueNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{continue}}";
        }
    }

    /** Parser-only markers for {@code {{else}}} and {@code {{end}}}; never in a finished tree. */
    record ElseNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{else}}";
        }
    }

    record EndNode(int pos) implements Node {
        @Override
        public String toString() {
            return "{{end}}";
        }
    }

    /** {@code $x := cmd | cmd}; {@code assign} means {@code =} rather than {@code :=}. */
    record PipeNode(int pos, boolean assign, List<VariableNode> decls, List<CommandNode> commands)
            implements Node {
        public PipeNode {
            decls = List.copyOf(decls);
            commands = List.copyOf(commands);
        }

        @Override
        public String toString() {
            String declared = decls.isEmpty() ? ""
                    : decls.stream().map(VariableNode::toString).collect(Collectors.joining(", "))
                            + (assign ? " = " : " := ");
            return declared + commands.stream().map(CommandNode::toString)
                    .collect(Collectors.joining(" | "));
        }
    }

    /** One pipeline stage: an operand or a function name followed by its arguments. */
    record CommandNode(int pos, List<Node> args) implements Node {
        public CommandNode {
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return args.stream().map(arg -> arg instanceof PipeNode ? "(" + arg + ")" : arg.toString())
                    .collect(Collectors.joining(" "));
        }
    }

    /** {@code .A.B}: a field chain starting at dot. */
    record FieldNode(int pos, List<String> names) implements Node {
        public FieldNode {
            names = List.copyOf(names);
        }

        @Override
        public String toString() {
            return "." + String.join(".", names);
        }
    }

    /** {@code $x.A.B}: names.get(0) is the variable, the rest is a field chain. */
    record VariableNode(int pos, List<String> names) implements Node {
        public VariableNode {
            names = List.copyOf(names);
        }

        @Override
        public String toString() {
            return String.join(".", names);
        }
    }

    /** {@code (pipeline).A.B}. */
    record ChainNode(int pos, Node node, List<String> names) implements Node {
        public ChainNode {
            names = List.copyOf(names);
        }

        @Override
        public String toString() {
            String base = node instanceof PipeNode ? "(" + node + ")" : node.toString();
            return base + "." + String.join(".", names);
        }
    }

    record IdentifierNode(int pos, String name) implements Node {
        @Override
        public String toString() {
            return name;
        }
    }

    record DotNode(int pos) implements Node {
        @Override
        public String toString() {
            return ".";
        }
    }

    record NilNode(int pos) implements Node {
        @Override
        public String toString() {
            return "nil";
        }
    }

    record BoolNode(int pos, boolean value) implements Node {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * A number literal as written; {@code value} is what it evaluates to (an integer node when the
     * text has no fraction or exponent, else a double node), {@code isInt} whether it may stand where
     * Go wants an int (3.0 may).
     */
    record NumberNode(int pos, String text, JsonNode value, boolean isInt) implements Node {
        @Override
        public String toString() {
            return text;
        }
    }

    /** A string literal; {@code quoted} is the source text, {@code text} the unquoted value. */
    record StringNode(int pos, String quoted, String text) implements Node {
        @Override
        public String toString() {
            return quoted;
        }
    }
}
