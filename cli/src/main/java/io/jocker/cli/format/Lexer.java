package io.jocker.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits template text into tokens the way Go's text/template lexer does, including the {@code {{-}}
 * and {@code -}}} trim markers and {@code {{/* comments *}{@code /}}}.
 *
 * <p>The token list always ends with an EOF or an ERROR token. Lexing stops at the first error but
 * the parser reads tokens in order, so (as in Go, whose lexer runs lazily) a parse error earlier in
 * the text wins over a lexing error later in it: {@code {{.ID}} reports {@code unexpected "}"},
 * not {@code unclosed action}.
 *
 * <p>Not thread-safe; {@link #tokenize} creates one per call.
 */
final class Lexer {

    enum Kind {
        TEXT, LEFT_DELIM, RIGHT_DELIM, SPACE, FIELD, VARIABLE, IDENTIFIER, STRING, RAW_STRING,
        CHAR_CONSTANT, NUMBER, BOOL, PIPE, LEFT_PAREN, RIGHT_PAREN, DECLARE, ASSIGN, CHAR, EOF, ERROR,
        // Keywords: Go prints these as <name> in "unexpected ..." messages.
        DOT, IF, ELSE, END, RANGE, WITH, NIL, BREAK, CONTINUE, DEFINE, TEMPLATE, BLOCK;

        boolean isKeyword() {
            return ordinal() >= DOT.ordinal();
        }
    }

    /** One token; {@code pos} is a char offset into the text, {@code line} is 1-based. */
    record Token(Kind kind, String text, int pos, int line) {

        /** Go's rendering of a token inside parse errors. */
        @Override
        public String toString() {
            return switch (kind) {
                case EOF -> "EOF";
                case ERROR -> text;
                default -> {
                    if (kind.isKeyword()) {
                        yield "<" + text + ">";
                    }
                    if (text.codePointCount(0, text.length()) > 10) {
                        yield GoLiteral.quote(text.substring(0, text.offsetByCodePoints(0, 10))) + "...";
                    }
                    yield GoLiteral.quote(text);
                }
            };
        }
    }

    private static final String LEFT_DELIM = "{{";
    private static final String RIGHT_DELIM = "}}";
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry(".", Kind.DOT), Map.entry("if", Kind.IF), Map.entry("else", Kind.ELSE),
            Map.entry("end", Kind.END), Map.entry("range", Kind.RANGE), Map.entry("with", Kind.WITH),
            Map.entry("nil", Kind.NIL), Map.entry("break", Kind.BREAK),
            Map.entry("continue", Kind.CONTINUE), Map.entry("define", Kind.DEFINE),
            Map.entry("template", Kind.TEMPLATE), Map.entry("block", Kind.BLOCK));

    private final String in;
    private final int[] newlines;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int start;
    private int parenDepth;

    private Lexer(String in) {
        this.in = in;
        // newlines[i] counts the newlines in in[0..i], so line numbers cost no rescanning.
        this.newlines = new int[in.length()];
        int count = 0;
        for (int i = 0; i < in.length(); i++) {
            count += in.charAt(i) == '\n' ? 1 : 0;
            newlines[i] = count;
        }
    }

    static List<Token> tokenize(String text) {
        Lexer lexer = new Lexer(text);
        while (lexer.lexText() && lexer.lexAction()) {
            // Each round consumes one text run and one action or comment.
        }
        return List.copyOf(lexer.tokens);
    }

    /** 1-based line of a char offset. */
    int lineAt(int offset) {
        return offset == 0 ? 1 : 1 + newlines[Math.min(offset, newlines.length) - 1];
    }

    /** Emits the text before the next "{{"; returns false at end of input. */
    private boolean lexText() {
        int delim = in.indexOf(LEFT_DELIM, pos);
        if (delim < 0) {
            pos = in.length();
            if (pos > start) {
                emit(Kind.TEXT);
            }
            emit(Kind.EOF);
            return false;
        }
        String text = in.substring(start, delim);
        if (hasLeftTrimMarker(delim + LEFT_DELIM.length())) {
            text = trimTrailingSpace(text);
        }
        if (!text.isEmpty()) {
            tokens.add(new Token(Kind.TEXT, text, start, lineAt(start)));
        }
        pos = delim;
        start = delim;
        return true;
    }

    /** Lexes from "{{" to the matching "}}"; returns false after an error token. */
    private boolean lexAction() {
        int delimStart = pos;
        pos += LEFT_DELIM.length();
        int afterMarker = hasLeftTrimMarker(pos) ? 2 : 0;
        if (in.startsWith("/*", pos + afterMarker)) {
            pos += afterMarker;
            start = pos;
            return lexComment();
        }
        tokens.add(new Token(Kind.LEFT_DELIM, LEFT_DELIM, delimStart, lineAt(delimStart)));
        pos += afterMarker;
        start = pos;
        parenDepth = 0;
        while (true) {
            int rightDelim = rightDelimLength();
            if (rightDelim > 0) {
                if (parenDepth != 0) {
                    return error("unclosed left paren");
                }
                lexRightDelim(rightDelim);
                return true;
            }
            if (pos >= in.length()) {
                return error("unclosed action");
            }
            int c = in.codePointAt(pos);
            if (isSpace(c)) {
                lexSpace();
                continue;
            }
            pos += Character.charCount(c);
            boolean ok = switch (c) {
                case '=' -> emit(Kind.ASSIGN);
                case ':' -> next() == '=' ? emit(Kind.DECLARE) : error("expected :=");
                case '|' -> emit(Kind.PIPE);
                case '"' -> lexQuoted('"', Kind.STRING, "unterminated quoted string");
                case '`' -> lexRawQuote();
                case '\'' -> lexQuoted('\'', Kind.CHAR_CONSTANT, "unterminated character constant");
                case '$' -> atTerminator() ? emit(Kind.VARIABLE) : lexName(Kind.VARIABLE);
                case '(' -> {
                    parenDepth++;
                    yield emit(Kind.LEFT_PAREN);
                }
                case ')' -> {
                    emit(Kind.RIGHT_PAREN);
                    yield --parenDepth >= 0 || error("unexpected right paren");
                }
                default -> lexOther(c);
            };
            if (!ok) {
                return false;
            }
        }
    }

    private boolean lexOther(int c) {
        boolean dotStartsField = c == '.' && (pos >= in.length() || !isDigit(in.charAt(pos)));
        if (dotStartsField) {
            return atTerminator() ? emit(Kind.DOT) : lexName(Kind.FIELD);
        }
        if (c == '.' || c == '+' || c == '-' || isDigit(c)) {
            pos = start;
            return lexNumber();
        }
        if (isAlphaNumeric(c)) {
            pos = start;
            return lexIdentifier();
        }
        if (c < 0x7f && c >= 0x20) {
            return emit(Kind.CHAR);
        }
        return error("unrecognized character in action: " + unicodeName(c));
    }

    private boolean lexComment() {
        pos += 2;
        int end = in.indexOf("*/", pos);
        if (end < 0) {
            return error("unclosed comment");
        }
        pos = end + 2;
        int rightDelim = rightDelimLength();
        if (rightDelim == 0) {
            return error("comment ends before closing delimiter");
        }
        skipRightDelim(rightDelim);
        start = pos;
        return true;
    }

    private void lexRightDelim(int length) {
        int delimStart = pos + length - RIGHT_DELIM.length();
        tokens.add(new Token(Kind.RIGHT_DELIM, RIGHT_DELIM, delimStart, lineAt(delimStart)));
        skipRightDelim(length);
        start = pos;
    }

    /** Steps over "}}" or " -}}"; a trim marker also eats the whitespace that follows. */
    private void skipRightDelim(int length) {
        pos += length;
        if (length > RIGHT_DELIM.length()) {
            while (pos < in.length() && isSpace(in.charAt(pos))) {
                pos++;
            }
        }
    }

    private void lexSpace() {
        int first = pos;
        while (pos < in.length() && isSpace(in.charAt(pos))) {
            pos++;
        }
        // The last space may belong to a " -}}" closing delimiter.
        if (in.startsWith("-" + RIGHT_DELIM, pos)) {
            pos--;
            if (pos == first) {
                return;
            }
        }
        emit(Kind.SPACE);
    }

    private boolean lexQuoted(char quote, Kind kind, String unterminated) {
        while (true) {
            int c = next();
            if (c == '\\') {
                c = next();
                if (c != -1 && c != '\n') {
                    continue;
                }
            }
            if (c == -1 || c == '\n') {
                return error(unterminated);
            }
            if (c == quote) {
                return emit(kind);
            }
        }
    }

    private boolean lexRawQuote() {
        int end = in.indexOf('`', pos);
        if (end < 0) {
            return error("unterminated raw quoted string");
        }
        pos = end + 1;
        return emit(Kind.RAW_STRING);
    }

    /** Scans the name after "." or "$". */
    private boolean lexName(Kind kind) {
        while (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) {
            pos += Character.charCount(in.codePointAt(pos));
        }
        if (!atTerminator()) {
            return error("bad character " + unicodeName(in.codePointAt(pos)));
        }
        return emit(kind);
    }

    private boolean lexIdentifier() {
        while (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) {
            pos += Character.charCount(in.codePointAt(pos));
        }
        if (!atTerminator()) {
            return error("bad character " + unicodeName(in.codePointAt(pos)));
        }
        String word = in.substring(start, pos);
        Kind keyword = KEYWORDS.get(word);
        if (keyword != null) {
            return emit(keyword);
        }
        return emit(word.equals("true") || word.equals("false") ? Kind.BOOL : Kind.IDENTIFIER);
    }

    private boolean lexNumber() {
        accept("+-");
        String digits = "0123456789_";
        if (accept("0")) {
            if (accept("xX")) {
                digits = "0123456789abcdefABCDEF_";
            } else if (accept("oO")) {
                digits = "01234567_";
            } else if (accept("bB")) {
                digits = "01_";
            }
        }
        acceptRun(digits);
        if (accept(".")) {
            acceptRun(digits);
        }
        if (digits.length() == 11 && accept("eE")) {
            accept("+-");
            acceptRun("0123456789_");
        }
        accept("i");
        if (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) {
            pos += Character.charCount(in.codePointAt(pos));
            return error("bad number syntax: " + GoLiteral.quote(in.substring(start, pos)));
        }
        return emit(Kind.NUMBER);
    }

    private boolean accept(String valid) {
        if (pos < in.length() && valid.indexOf(in.charAt(pos)) >= 0) {
            pos++;
            return true;
        }
        return false;
    }

    private void acceptRun(String valid) {
        while (accept(valid)) {
            // Consume the run.
        }
    }

    /** Whether the next char may end a name: Go splits ".X.Y" into two fields this way. */
    private boolean atTerminator() {
        if (pos >= in.length()) {
            return true;
        }
        char c = in.charAt(pos);
        return isSpace(c) || ".,|:()".indexOf(c) >= 0 || in.startsWith(RIGHT_DELIM, pos);
    }

    /** Length of the closing delimiter at pos: 2 for "}}", 4 for " -}}", 0 if none. */
    private int rightDelimLength() {
        if (pos + 1 < in.length() && isSpace(in.charAt(pos)) && in.charAt(pos + 1) == '-'
                && in.startsWith(RIGHT_DELIM, pos + 2)) {
            return 2 + RIGHT_DELIM.length();
        }
        return in.startsWith(RIGHT_DELIM, pos) ? RIGHT_DELIM.length() : 0;
    }

    private boolean hasLeftTrimMarker(int at) {
        return at + 1 < in.length() && in.charAt(at) == '-' && isSpace(in.charAt(at + 1));
    }

    private int next() {
        if (pos >= in.length()) {
            return -1;
        }
        int c = in.codePointAt(pos);
        pos += Character.charCount(c);
        return c;
    }

    private boolean emit(Kind kind) {
        tokens.add(new Token(kind, in.substring(start, pos), start, lineAt(start)));
        start = pos;
        return true;
    }

    private boolean error(String message) {
        tokens.add(new Token(Kind.ERROR, message, start, lineAt(start)));
        return false;
    }

    private static String trimTrailingSpace(String text) {
        int end = text.length();
        while (end > 0 && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlphaNumeric(int c) {
        return c == '_' || Character.isLetter(c) || Character.isDigit(c);
    }

    /** Go's %#U rendering, e.g. {@code U+0023 '#'}. */
    private static String unicodeName(int c) {
        String hex = String.format("U+%04X", c);
        return Character.isISOControl(c) ? hex : hex + " '" + Character.toString(c) + "'";
    }
}
