package io.jocker.api.server.version;

import java.util.Arrays;

/**
 * An Engine API version such as "1.44", compared part by part as numbers (so 1.9 < 1.10), the way
 * dockerd compares them. Immutable.
 */
public final class ApiVersion implements Comparable<ApiVersion> {
    /** The newest version served, what {@code /_ping} advertises (Docker 25's). */
    public static final ApiVersion MAX = parse("1.44");
    /** The oldest version served; Testcontainers falls back to 1.32, so this must stay below it. */
    public static final ApiVersion MIN = parse("1.24");

    private final String text;
    private final int[] parts;

    private ApiVersion(String text, int[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Parses digits and dots, as dockerd's router accepts them in {@code /v{version}}.
     *
     * @throws IllegalArgumentException when {@code text} is not such a version
     */
    public static ApiVersion parse(String text) {
        if (text.isEmpty() || !text.matches("[0-9.]+")) {
            throw new IllegalArgumentException("invalid API version: " + text);
        }
        String[] pieces = text.split("\\.", -1);
        int[] parts = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            // dockerd treats an empty or unparsable part as 0
            try {
                parts[i] = pieces[i].isEmpty() ? 0 : Integer.parseInt(pieces[i]);
            } catch (NumberFormatException e) {
                parts[i] = Integer.MAX_VALUE;
            }
        }
        return new ApiVersion(text, parts);
    }

    public boolean isBefore(ApiVersion other) {
        return compareTo(other) < 0;
    }

    public boolean isAtLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ApiVersion other) {
        int n = Math.max(parts.length, other.parts.length);
        for (int i = 0; i < n; i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < other.parts.length ? other.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiVersion v && Arrays.equals(parts, v.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return text;
    }
}
