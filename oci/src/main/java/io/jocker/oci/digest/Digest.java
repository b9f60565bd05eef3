package io.jocker.oci.digest;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.jocker.common.error.EngineException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}, as the OCI image spec defines it. Only sha256 is
 * accepted: it is what Docker and every registry use, and naming blobs by one algorithm keeps the
 * content store's layout simple. Immutable; compares by value.
 *
 * <p>Example: {@code Digest.parse("sha256:e3b0c442...")}, {@code Digest.sha256Of(bytes)}.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw EngineException.invalidArgument("unsupported digest algorithm: " + algorithm);
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw EngineException.invalidArgument("invalid checksum digest format");
        }
    }

    /**
     * Parses "sha256:&lt;64 hex&gt;"; errors use the wording of the reference implementation. JSON
     * documents (descriptors, rootfs diff IDs) carry digests as this string form.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Digest parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw EngineException.invalidArgument("invalid checksum digest format");
        }
        String algorithm = text.substring(0, colon);
        if (!algorithm.equals("sha256")) {
            throw EngineException.invalidArgument("unsupported digest algorithm: " + algorithm);
        }
        return new Digest(algorithm, text.substring(colon + 1));
    }

    /** Whether {@code text} is "sha256:" followed by 64 lower-case hex digits. */
    public static boolean isDigest(String text) {
        return text.startsWith("sha256:") && SHA256_HEX.matcher(text.substring(7)).matches();
    }

    public static Digest sha256Of(byte[] content) {
        return ofSha256Bytes(newSha256().digest(content));
    }

    /** Wraps the 32 bytes a sha256 {@link MessageDigest} produced. */
    public static Digest ofSha256Bytes(byte[] sum) {
        return new Digest("sha256", HexFormat.of().formatHex(sum).toLowerCase(Locale.ROOT));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The first 12 hex digits, as the docker CLI shows IDs. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
