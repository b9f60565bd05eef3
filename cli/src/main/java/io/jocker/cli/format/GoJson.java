package io.jocker.cli.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Compact JSON exactly as Go's encoding/json writes it, for the {@code json} template function.
 *
 * <p>Keys keep the node's order (docker marshals structs, whose fields have a fixed order). Strings
 * escape {@code "}, {@code \}, control characters and U+2028/U+2029; {@code <}, {@code >} and
 * {@code &} are escaped only when asked, because docker's {@code json} function turns Go's HTML
 * escaping off (docker/cli templates/templates.go, {@code enc.SetEscapeHTML(false)}).
 *
 * <p>Stateless and thread-safe.
 */
final class GoJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoJson() {}

    static String encode(JsonNode value, boolean escapeHtml) {
        StringBuilder out = new StringBuilder();
        write(out, value, escapeHtml);
        return out.toString();
    }

    private static void write(StringBuilder out, JsonNode v, boolean escapeHtml) {
        if (GoFmt.isNil(v)) {
            out.append("null");
        } else if (v.isTextual()) {
            string(out, v.textValue(), escapeHtml);
        } else if (v.isNumber()) {
            out.append(GoFmt.number(v));
        } else if (v.isBoolean()) {
            out.append(v.booleanValue());
        } else if (v.isArray()) {
            out.append('[');
            for (int i = 0; i < v.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(out, v.get(i), escapeHtml);
            }
            out.append(']');
        } else if (v.isObject()) {
            // A marshaler's own output keeps Marshal's HTML escaping (see MarshaledObject).
            escapeHtml |= v instanceof MarshaledObject;
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : v.properties()) {
                out.append(first ? "" : ",");
                first = false;
                string(out, field.getKey(), escapeHtml);
                out.append(':');
                write(out, field.getValue(), escapeHtml);
            }
            out.append('}');
        } else {
            // Binary and POJO nodes never come from parsed JSON; their text form is the closest match.
            string(out, v.asText(), escapeHtml);
        }
    }

    private static void string(StringBuilder out, String s, boolean escapeHtml) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '<', '>', '&' -> {
                    if (escapeHtml) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
                // JavaScript treats these as line ends, so Go always escapes them.
                case '\u2028', '\u2029' -> unicodeEscape(out, c);
                default -> {
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isSurrogate(c) && !isPairedSurrogate(s, i)) {
                        // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is Java's equivalent.
                        out.append("\\ufffd");
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean isPairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
    }
}
