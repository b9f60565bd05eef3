package io.jocker.cli.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's quoted string and rune literal syntax, as strconv.Quote and strconv.Unquote define it. Used
 * for template literals, for {@code printf "%q"} and for quoting names in error messages.
 *
 * <p>Stateless and thread-safe.
 */
public final class GoLiteral {

    private GoLiteral() {}

    /** {@code "..."} with Go's escapes; non-printable runes become hex escapes. */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> appendEscaped(out, c, '"'));
        return out.append('"').toString();
    }

    /** {@code 'x'} with Go's escapes. */
    static String quoteRune(int rune) {
        StringBuilder out = new StringBuilder("'");
        appendEscaped(out, rune, '\'');
        return out.append('\'').toString();
    }

    private static void appendEscaped(StringBuilder out, int c, char quote) {
        if (c == quote || c == '\\') {
            out.append('\\').appendCodePoint(c);
        } else if (isPrint(c)) {
            out.appendCodePoint(c);
        } else {
            switch (c) {
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (c < 0x10000) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append(String.format("\\U%08x", c));
                    }
                }
            }
        }
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    static boolean isPrint(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                      Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                      Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    /** The value of a {@code "..."} or {@code `...`} literal, or null if the syntax is invalid. */
    static String unquote(String literal) {
        if (literal.length() < 2) {
            return null;
        }
        char quote = literal.charAt(0);
        if (quote == '`') {
            // Go drops carriage returns from raw strings so templates behave the same on Windows.
            return literal.substring(1, literal.length() - 1).replace("\r", "");
        }
        // Escapes like \xff produce bytes, not runes, so build bytes and decode once.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int end = literal.length() - 1;
        int i = 1;
        while (i < end) {
            int c = literal.codePointAt(i);
            if (c == '\\') {
                Escape escape = escape(literal, i, '"');
                if (escape == null) {
                    return null;
                }
                if (escape.isByte()) {
                    bytes.write(escape.value());
                } else {
                    bytes.writeBytes(Character.toString(escape.value()).getBytes(StandardCharsets.UTF_8));
                }
                i = escape.next();
            } else {
                bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The code point of a {@code 'x'} literal.
     *
     * @throws IllegalArgumentException with Go's message if it is not exactly one rune
     */
    static int unquoteRune(String literal) {
        int end = literal.length() - 1;
        int c = literal.length() < 3 ? '\'' : literal.codePointAt(1);
        Escape rune = c == '\\' ? escape(literal, 1, '\'')
                : c == '\'' ? null : new Escape(c, false, 1 + Character.charCount(c));
        if (rune == null) {
            throw new IllegalArgumentException("invalid syntax");
        }
        if (rune.next() != end) {
            throw new IllegalArgumentException("malformed character constant: " + literal);
        }
        return rune.value();
    }

    private record Escape(int value, boolean isByte, int next) {}

    /** Decodes the escape starting at the backslash at {@code i}; null if invalid. */
    private static Escape escape(String s, int i, char quote) {
        if (i + 1 >= s.length() - 1) {
            return null;
        }
        char c = s.charAt(i + 1);
        return switch (c) {
            case 'a' -> new Escape(0x07, false, i + 2);
            case 'b' -> new Escape('\b', false, i + 2);
            case 'f' -> new Escape('\f', false, i + 2);
            case 'n' -> new Escape('\n', false, i + 2);
            case 'r' -> new Escape('\r', false, i + 2);
            case 't' -> new Escape('\t', false, i + 2);
            case 'v' -> new Escape(0x0b, false, i + 2);
            case '\\' -> new Escape('\\', false, i + 2);
            case '\'', '"' -> c == quote ? new Escape(c, false, i + 2) : null;
            case 'x' -> hex(s, i + 2, 2, true);
            case 'u' -> hex(s, i + 2, 4, false);
            case 'U' -> hex(s, i + 2, 8, false);
            default -> {
                if (c < '0' || c > '7' || i + 4 > s.length() - 1) {
                    yield null;
                }
                String digits = s.substring(i + 1, i + 4);
                if (!digits.chars().allMatch(d -> d >= '0' && d <= '7')) {
                    yield null;
                }
                int value = Integer.parseInt(digits, 8);
                yield value > 255 ? null : new Escape(value, true, i + 4);
            }
        };
    }

    private static Escape hex(String s, int from, int digits, boolean isByte) {
        if (from + digits > s.length() - 1) {
            return null;
        }
        String text = s.substring(from, from + digits);
        if (!text.chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
            return null;
        }
        long value = Long.parseLong(text, 16);
        boolean validRune = value <= Character.MAX_CODE_POINT
                && !(value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE);
        return isByte || validRune ? new Escape((int) value, isByte, from + digits) : null;
    }
}
