package io.jocker.engine.container;

import io.jocker.common.error.EngineException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The key sequence that detaches a client from a TTY container's stream without stopping it
 * ({@code --detach-keys}, default Ctrl-P Ctrl-Q), and the filter that watches stdin for it: bytes
 * that might begin the sequence are held back until they prove not to, then passed on (moby's
 * escape proxy does the same). The syntax is Docker's: comma-separated keys, each one character or
 * {@code ctrl-<c>} with c one of a-z, @, [, \, ], ^, _.
 */
public final class DetachKeys {
    /** Ctrl-P Ctrl-Q. */
    public static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});

    private final byte[] keys;

    private DetachKeys(byte[] keys) {
        this.keys = keys;
    }

    /** Parses the API's {@code detachKeys}; empty or null means the default. */
    public static DetachKeys parse(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : text.split(",")) {
            String k = key.strip();
            if (k.length() > 1 && k.toLowerCase(Locale.ROOT).startsWith("ctrl-") && k.length() == 6) {
                char c = Character.toLowerCase(k.charAt(5));
                if (c >= 'a' && c <= 'z') {
                    out.write(c - 'a' + 1);
                } else if (c == '@') {
                    out.write(0);
                } else if (c >= '[' && c <= '_') {
                    out.write(c - '[' + 27);
                } else {
                    throw invalid(text);
                }
            } else if (k.length() == 1 && k.charAt(0) < 128) {
                out.write(k.charAt(0));
            } else {
                throw invalid(text);
            }
        }
        return new DetachKeys(out.toByteArray());
    }

    private static EngineException invalid(String text) {
        return EngineException.invalidArgument("Invalid detach keys (" + text + ") provided");
    }

    /** A new filter for one client's stdin. Not thread-safe; one per stream. */
    public Filter filter() {
        return new Filter();
    }

    /** Watches one stream of stdin for the sequence. */
    public final class Filter {
        private int matched;
        private boolean detached;

        /** What of {@code input} goes on to the container; then {@link #detached()} says whether it matched. */
        public byte[] pass(byte[] input) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
            for (byte b : input) {
                if (detached) {
                    break;
                }
                if (b == keys[matched]) {
                    matched++;
                    if (matched == keys.length) {
                        detached = true;
                    }
                    continue;
                }
                out.write(keys, 0, matched); // held back, and not the sequence after all
                matched = 0;
                if (b == keys[0]) {
                    matched = 1;
                    if (keys.length == 1) {
                        detached = true;
                    }
                } else {
                    out.write(b);
                }
            }
            return out.toByteArray();
        }

        public boolean detached() {
            return detached;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys other && Arrays.equals(keys, other.keys);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys);
    }
}
