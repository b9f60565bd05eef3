package io.jocker.oci.reference;

/**
 * Character-level checks for the reference grammar (see the package doc). They accept exactly what
 * the library's regular expressions accept, but run in linear time without recursion: a regex with
 * nested repetitions over a long hostile string can take quadratic time or overflow the stack in
 * {@link java.util.regex}.
 *
 * <p>A whole reference splits without ambiguity: the digest follows the only {@code @}; the tag
 * follows the last {@code :} when that colon comes after the last {@code /} (a tag holds neither
 * {@code :} nor {@code /}, and a colon in the name can only be a domain's port, which is followed by
 * a {@code /}). Stateless; thread-safe.
 */
final class Grammar {
    static final int TAG_MAX_LENGTH = 128;

    private Grammar() {}

    /** The three captures of the library's reference pattern; tag and digest are null if absent. */
    record Parts(String name, String tag, String digest) {}

    /** Splits {@code s} into name, tag and digest, or returns null if it does not match. */
    static Parts match(String s) {
        String beforeDigest = s;
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            beforeDigest = s.substring(0, at);
            if (!isDigest(digest)) {
                return null;
            }
        }
        String name = beforeDigest;
        String tag = null;
        int colon = beforeDigest.lastIndexOf(':');
        if (colon > beforeDigest.lastIndexOf('/')) {
            tag = beforeDigest.substring(colon + 1);
            name = beforeDigest.substring(0, colon);
            if (!isTag(tag)) {
                return null;
            }
        }
        return isName(name) ? new Parts(name, tag, digest) : null;
    }

    /**
     * Splits a valid name into {domain, path}. The domain is taken when the first component is a
     * valid domain and the rest a valid remote name; otherwise the domain is empty and the whole name
     * is the path (the library's anchored name pattern, whose optional domain group is greedy).
     */
    static String[] splitName(String name) {
        int slash = name.indexOf('/');
        if (slash > 0
                && isDomainAndPort(name.substring(0, slash))
                && isRemoteName(name.substring(slash + 1))) {
            return new String[] {name.substring(0, slash), name.substring(slash + 1)};
        }
        return new String[] {"", name};
    }

    static boolean isName(String name) {
        int slash = name.indexOf('/');
        if (slash > 0
                && isDomainAndPort(name.substring(0, slash))
                && isRemoteName(name.substring(slash + 1))) {
            return true;
        }
        return isRemoteName(name);
    }

    /** path-component ['/' path-component]* */
    static boolean isRemoteName(String s) {
        int start = 0;
        while (true) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            if (!isPathComponent(s, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** [a-z0-9]+ followed by any number of (separator [a-z0-9]+); separator is . _ __ or -+ */
    static boolean isPathComponent(String s, int from, int to) {
        if (from >= to || !isLowerAlnum(s.charAt(from)) || !isLowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (isLowerAlnum(c)) {
                i++;
                continue;
            }
            int runStart = i;
            while (i < to && !isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (!isSeparator(s, runStart, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(String s, int from, int to) {
        String run = s.substring(from, to);
        if (run.equals(".") || run.equals("_") || run.equals("__")) {
            return true;
        }
        for (int i = 0; i < run.length(); i++) {
            if (run.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    /** host [':' port], host being a domain name (IPv4 included) or a bracketed IPv6 address. */
    static boolean isDomainAndPort(String s) {
        if (s.isEmpty()) {
            return false;
        }
        int hostEnd;
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 2) {
                return false;
            }
            for (int i = 1; i < close; i++) {
                char c = s.charAt(i);
                if (!(isHex(c) || c == ':')) {
                    return false;
                }
            }
            hostEnd = close + 1;
        } else {
            int colon = s.indexOf(':');
            hostEnd = colon < 0 ? s.length() : colon;
            if (!isDomainName(s, 0, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == s.length()) {
            return true;
        }
        if (s.charAt(hostEnd) != ':' || hostEnd + 1 == s.length()) {
            return false;
        }
        for (int i = hostEnd + 1; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** domain-component ['.' domain-component]* */
    private static boolean isDomainName(String s, int from, int to) {
        int start = from;
        while (true) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 || dot >= to ? to : dot;
            if (!isDomainComponent(s, start, end)) {
                return false;
            }
            if (end == to) {
                return true;
            }
            start = end + 1;
        }
    }

    private static boolean isDomainComponent(String s, int from, int to) {
        if (from >= to || s.charAt(from) == '-' || s.charAt(to - 1) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isAsciiLetter(c) || isDigit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** [\w][\w.-]{0,127} with ASCII word characters. */
    static boolean isTag(String s) {
        if (s.isEmpty() || s.length() > TAG_MAX_LENGTH || !isWord(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isWord(c) || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reference grammar's digest: algorithm components of a letter then letters or digits,
     * joined by one of {@code -_+.}, a colon, then at least 32 hex digits of either case.
     */
    static boolean isDigest(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || s.length() - colon - 1 < 32) {
            return false;
        }
        boolean componentStart = true;
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            if (componentStart) {
                if (!isAsciiLetter(c)) {
                    return false;
                }
                componentStart = false;
            } else if (c == '-' || c == '_' || c == '+' || c == '.') {
                componentStart = true;
            } else if (!(isAsciiLetter(c) || isDigit(c))) {
                return false;
            }
        }
        if (componentStart) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            if (!isHex(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Exactly 64 lower-case hex digits: what the library calls an identifier. */
    static boolean isIdentifier(String s) {
        return s.length() == 64 && isLowerHex(s, 0, 64);
    }

    static boolean isLowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || isDigit(c);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWord(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_';
    }
}
