package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Go's fmt package as it prints the values a docker template sees: strings, numbers, booleans,
 * nil, {@code []interface{}} and {@code map[string]interface{}} — the shapes JSON decodes to.
 *
 * <p>One deliberate difference: Go holds every JSON number as float64 and prints 1234567 as
 * {@code 1.234567e+06}; docker's own structs hold ints, so numbers here print as written, with an
 * exponent only where Go's JSON encoder would use one (below 1e-6 or from 1e21).
 *
 * <p>Stateless and thread-safe.
 */
final class GoFmt {

    private GoFmt() {}

    /** {@code %v}: {@code [a b]} for arrays, {@code map[k:v]} with sorted keys for objects. */
    static String value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return number(v);
        }
        return container(v, GoFmt::value).orElse(v.asText());
    }

    /** fmt.Sprint: a space between operands when neither is a string. */
    static String sprint(List<JsonNode> args) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            boolean isString = args.get(i).isTextual();
            if (i > 0 && !isString && !args.get(i - 1).isTextual()) {
                out.append(' ');
            }
            out.append(value(args.get(i)));
        }
        return out.toString();
    }

    /** fmt.Sprintln: spaces between all operands and a final newline. */
    static String sprintln(List<JsonNode> args) {
        return args.stream().map(GoFmt::value).collect(Collectors.joining(" ")) + "\n";
    }

    /**
     * fmt.Sprintf for the verbs {@code %v %s %d %q} and {@code %%}, with the flags {@code -} and
     * {@code 0}, a width and (for strings) a precision. Other verbs and mismatched operands render
     * as Go renders mistakes: {@code %!d(string=abc)}, {@code %!s(MISSING)}, {@code %!(EXTRA ...)}.
     */
    static String sprintf(String format, List<JsonNode> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            Spec spec = new Spec();
            i = spec.parse(format, i);
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
            } else if (next >= args.size()) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
            } else {
                out.append(formatOperand(args.get(next++), verb, spec));
            }
        }
        if (next < args.size()) {
            List<String> extra = new ArrayList<>();
            for (JsonNode arg : args.subList(next, args.size())) {
                extra.add(isNil(arg) ? "<nil>" : typeName(arg) + "=" + value(arg));
            }
            out.append("%!(EXTRA ").append(String.join(", ", extra)).append(')');
        }
        return out.toString();
    }

    /** Flags, width and precision of one verb. */
    private static final class Spec {
        boolean minus;
        boolean plus;
        boolean zero;
        int width = -1;
        int precision = -1;

        int parse(String format, int i) {
            for (; i < format.length(); i++) {
                char c = format.charAt(i);
                if (c == '-') {
                    minus = true;
                } else if (c == '0') {
                    zero = true;
                } else if (c == '+') {
                    plus = true;
                } else if (c != '#' && c != ' ') {
                    break; // '#' and ' ' are accepted and ignored: no supported verb uses them.
                }
            }
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            width = i > start ? Integer.parseInt(format.substring(start, i)) : -1;
            if (i < format.length() && format.charAt(i) == '.') {
                start = ++i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            return i;
        }

        String pad(String text) {
            int length = text.codePointCount(0, text.length());
            if (width <= length) {
                return text;
            }
            String fill = (minus || !zero ? " " : "0").repeat(width - length);
            if (minus) {
                return text + fill;
            }
            boolean signed = zero && (text.startsWith("-") || text.startsWith("+"));
            return signed ? text.charAt(0) + fill + text.substring(1) : fill + text;
        }
    }

    private static String formatOperand(JsonNode arg, int verb, Spec spec) {
        if (isNil(arg)) {
            return verb == 'v' ? spec.pad("<nil>") : "%!" + Character.toString(verb) + "(<nil>)";
        }
        var nested = container(arg, element -> isNil(element) ? "<nil>"
                : formatOperand(element, verb, spec));
        if (nested.isPresent()) {
            return nested.get();
        }
        String text = switch (verb) {
            case 'v' -> value(arg);
            case 's' -> arg.isTextual() ? truncate(arg.textValue(), spec.precision) : null;
            case 'd' -> isInteger(arg) ? (spec.plus && !number(arg).startsWith("-") ? "+" : "")
                    + number(arg) : null;
            case 'q' -> arg.isTextual() ? GoLiteral.quote(truncate(arg.textValue(), spec.precision))
                    : isInteger(arg) ? GoLiteral.quoteRune(arg.intValue()) : null;
            default -> null;
        };
        if (text == null) {
            return "%!" + Character.toString(verb) + "(" + typeName(arg) + "=" + value(arg) + ")";
        }
        return spec.pad(text);
    }

    /** Renders arrays and objects Go's way, formatting members with {@code member}. */
    private static Optional<String> container(JsonNode v, Function<JsonNode, String> member) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(element -> items.add(member.apply(element)));
            return Optional.of("[" + String.join(" ", items) + "]");
        }
        if (v.isObject()) {
            List<String> keys = new ArrayList<>();
            v.fieldNames().forEachRemaining(keys::add);
            keys.sort(null); // fmt prints maps in key order.
            List<String> entries = new ArrayList<>();
            for (String key : keys) {
                entries.add(member.apply(TextNode.valueOf(key)) + ":"
                        + member.apply(v.get(key)));
            }
            return Optional.of("map[" + String.join(" ", entries) + "]");
        }
        return Optional.empty();
    }

    private static String truncate(String text, int precision) {
        if (precision < 0 || text.codePointCount(0, text.length()) <= precision) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, precision));
    }

    /** The Go type a decoded value would have, for error messages. */
    static String typeName(JsonNode v) {
        if (isNil(v)) {
            return "interface {}";
        }
        if (v.isTextual()) {
            return "string";
        }
        if (v.isNumber()) {
            return isInteger(v) ? "int" : "float64";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isArray()) {
            return "[]interface {}";
        }
        return v.isObject() ? "map[string]interface {}" : "interface {}";
    }

    static boolean isNil(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    /** Whether v is a number with no fractional part (3 and 3.0 both are). */
    static boolean isInteger(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return false;
        }
        if (v.isIntegralNumber()) {
            return true;
        }
        double d = v.doubleValue();
        return !Double.isInfinite(d) && d == Math.rint(d);
    }

    /** A number as Go's JSON encoder writes it; see the class comment for why not as %v does. */
    static String number(JsonNode n) {
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isBigDecimal()) {
            BigDecimal exact = n.decimalValue().stripTrailingZeros();
            return exact.signum() == 0 ? "0" : exact.toPlainString();
        }
        return floatText(n.doubleValue());
    }

    private static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return "0";
        }
        // Double.toString gives the shortest digits that round-trip, as Go's strconv does.
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return shortest.toPlainString();
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = d < 0 ? "-" : "";
        // Go writes e+21 and e-7: at least two digits for positive exponents, none padded for negative.
        String exp = exponent < 0 ? "-" + (-exponent) : "+" + (exponent < 10 ? "0" : "") + exponent;
        return sign + mantissa + "e" + exp;
    }
}
