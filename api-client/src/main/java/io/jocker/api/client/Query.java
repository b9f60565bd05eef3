package io.jocker.api.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A query string built the way the docker CLI's Go client builds it ({@code url.Values.Encode}):
 * keys sorted, a key's values in the order added, each escaped by Go's {@code url.QueryEscape}
 * (space as {@code +}, everything but letters, digits and {@code -_.~} as {@code %XX}). Keeping
 * the same bytes on the wire lets a request log be compared with one of the docker CLI's.
 *
 * <pre>{@code
 * new Query().add("tag", "1").add("repo", "docker.io/library/x").toString()
 * // "?repo=docker.io%2Flibrary%2Fx&tag=1"
 * }</pre>
 *
 * <p>Not thread-safe.
 */
final class Query {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Map<String, List<String>> values = new TreeMap<>();

    Query add(String key, String value) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Adds {@code key=1} when {@code flag} is set, as the CLI sends booleans; nothing otherwise. */
    Query flag(String key, boolean flag) {
        return flag ? add(key, "1") : this;
    }

    /** Adds the value unless it is null or empty, as the CLI leaves unset options out. */
    Query addIfSet(String key, String value) {
        return value == null || value.isEmpty() ? this : add(key, value);
    }

    /** "" when empty, else "?k=v&…". */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            for (String value : entry.getValue()) {
                out.append(out.isEmpty() ? '?' : '&');
                escape(out, entry.getKey());
                out.append('=');
                escape(out, value);
            }
        }
        return out.toString();
    }

    static void escape(StringBuilder out, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
    }

    /**
     * An image name as a path segment, as Go's {@code url.URL.EscapedPath} leaves it: names keep
     * their {@code / : @} (the engine matches {@code /images/{name}/json} greedily), anything a
     * path cannot carry is escaped.
     */
    static String pathEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c) || "$&+,/:;=@".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
