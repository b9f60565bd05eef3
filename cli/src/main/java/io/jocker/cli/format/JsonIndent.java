package io.jocker.cli.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code json.Indent} and {@code json.Compact} over raw JSON text, which {@code docker
 * inspect} uses to print what the engine sent: only the whitespace between tokens changes, so key
 * order, number spelling and string escapes stay the engine's. The input must be valid JSON.
 *
 * <pre>{@code
 * JsonIndent.indent("[{\"a\":[],\"b\":1}]", "    ")
 * // [
 * //     {
 * //         "a": [],
 * //         "b": 1
 * //     }
 * // ]
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonIndent {
    private JsonIndent() {}

    /** {@code json.Indent(dst, src, "", indent)}; empty objects and arrays stay {@code {}} and {@code []}. */
    public static String indent(String json, String indent) {
        byte[] src = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 2);
        int depth = 0;
        boolean needIndent = false; // after an opening bracket, until we know it is not empty
        for (int i = 0; i < src.length; i++) {
            byte c = src[i];
            if (isSpace(c)) {
                continue;
            }
            if (needIndent && c != '}' && c != ']') {
                needIndent = false;
                depth++;
                newline(out, indent, depth);
            }
            if (c == '"') {
                i = copyString(src, i, out);
                continue;
            }
            switch (c) {
                case '{', '[' -> {
                    needIndent = true;
                    out.write(c);
                }
                case ',' -> {
                    out.write(c);
                    newline(out, indent, depth);
                }
                case ':' -> {
                    out.write(c);
                    out.write(' ');
                }
                case '}', ']' -> {
                    if (needIndent) {
                        needIndent = false; // an empty object or array stays on one line
                    } else {
                        depth--;
                        newline(out, indent, depth);
                    }
                    out.write(c);
                }
                default -> out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** {@code json.Compact}: the same tokens without insignificant whitespace. */
    public static String compact(String json) {
        byte[] src = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
        for (int i = 0; i < src.length; i++) {
            byte c = src[i];
            if (c == '"') {
                i = copyString(src, i, out);
            } else if (!isSpace(c)) {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Copies the string starting at {@code start} (its opening quote); returns its closing quote's index. */
    private static int copyString(byte[] src, int start, ByteArrayOutputStream out) {
        int i = start + 1;
        while (i < src.length && src[i] != '"') {
            i += src[i] == '\\' ? 2 : 1;
        }
        int end = Math.min(i, src.length - 1);
        out.write(src, start, end - start + 1);
        return end;
    }

    private static void newline(ByteArrayOutputStream out, String indent, int depth) {
        out.write('\n');
        byte[] unit = indent.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < depth; i++) {
            out.write(unit, 0, unit.length);
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
