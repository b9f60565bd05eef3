package io.jocker.oci.reference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Docker image reference, normalised: {@code busybox} is {@code docker.io/library/busybox},
 * {@code user/app} is {@code docker.io/user/app}, {@code index.docker.io/...} is {@code
 * docker.io/...}. Parsing and errors follow {@code github.com/distribution/reference}'s {@code
 * ParseNormalizedNamed}; a reference may carry a tag, a digest, both, or neither (then {@link
 * #withDefaultTag()} adds {@code latest}). Immutable and thread-safe; compares by value.
 *
 * <pre>{@code
 * Reference r = Reference.parse("busybox");          // docker.io/library/busybox
 * r.withDefaultTag().toString();                      // docker.io/library/busybox:latest
 * r.familiarName();                                   // busybox
 * Reference.parse("127.0.0.1:5000/a/b:1").domain();   // 127.0.0.1:5000
 * }</pre>
 *
 * <p>Errors are {@link EngineException#invalidArgument} with the library's text, which the Docker
 * CLI and daemon print unprefixed: {@code invalid reference format}, {@code invalid reference
 * format: repository name (library/Busybox) must be lowercase}, {@code repository name must not be
 * more than 255 characters}, {@code invalid tag format}, {@code invalid repository name (<64 hex>),
 * cannot specify 64-byte hexadecimal strings}, and go-digest's {@code invalid checksum digest
 * length} / {@code invalid checksum digest format} / {@code unsupported digest algorithm}.
 */
public final class Reference implements Comparable<Reference> {
    /** Docker Hub's canonical domain. */
    public static final String DEFAULT_DOMAIN = "docker.io";
    /** The "Docker Index" domain of registry v1, folded into {@link #DEFAULT_DOMAIN}. */
    public static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    /** The namespace of Docker Hub's official images. */
    public static final String OFFICIAL_REPO_PREFIX = "library/";
    public static final String DEFAULT_TAG = "latest";
    /**
     * The longest path (the name without its domain). Since distribution/reference v0.6.0 the domain
     * does not count, so {@code example.com/<255 chars>} is valid.
     */
    public static final int PATH_MAX_LENGTH = 255;

    private static final String LOCALHOST = "localhost";
    private static final String SHA256_PREFIX = "sha256:";

    private final String domain;
    private final String path;
    private final String tag;
    private final Digest digest;

    private Reference(String domain, String path, String tag, Digest digest) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses what a user typed ({@code busybox}, {@code user/app:1}, {@code
     * localhost:5000/x@sha256:...}) into its normalised form; see the class doc for the errors.
     * Records store references as {@link #toString()}, which this reads back unchanged.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Reference parse(String text) {
        Objects.requireNonNull(text, "text");
        if (Grammar.isIdentifier(text)) {
            throw EngineException.invalidArgument(
                    "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(text);
        String remainder = split[1];
        int tagSeparator = remainder.indexOf(':');
        // Like the library, this looks at everything before the first colon, so an upper-case
        // digest algorithm written without a tag is reported here too.
        String remote = tagSeparator < 0 ? remainder : remainder.substring(0, tagSeparator);
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw EngineException.invalidArgument(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        return parseCanonical(split[0] + "/" + remainder);
    }

    /**
     * The library's {@code splitDockerDomain}: the first component is a domain when it is {@code
     * localhost}, contains a dot or a colon, or has upper-case letters (namespaces cannot); otherwise
     * the name is on Docker Hub, and single names there live under {@code library/}.
     */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemote = name.substring(slash + 1);
        String domain;
        String remote;
        if (maybeDomain.equals(LOCALHOST)) {
            domain = maybeDomain;
            remote = maybeRemote;
        } else if (maybeDomain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
            remote = maybeRemote;
        } else if (maybeDomain.indexOf('.') >= 0 || maybeDomain.indexOf(':') >= 0) {
            domain = maybeDomain;
            remote = maybeRemote;
        } else if (!maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain;
            remote = maybeRemote;
        } else {
            domain = DEFAULT_DOMAIN;
            remote = name;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remote.indexOf('/') < 0) {
            remote = OFFICIAL_REPO_PREFIX + remote;
        }
        return new String[] {domain, remote};
    }

    /** The library's {@code Parse}: the grammar alone, without Docker Hub defaults. */
    static Reference parseCanonical(String s) {
        if (s.isEmpty()) {
            throw EngineException.invalidArgument("repository name must have at least one component");
        }
        Grammar.Parts parts = Grammar.match(s);
        if (parts == null) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (!lower.equals(s) && Grammar.match(lower) != null) {
                throw EngineException.invalidArgument("repository name must be lowercase");
            }
            throw EngineException.invalidArgument("invalid reference format");
        }
        String[] name = Grammar.splitName(parts.name());
        if (name[1].length() > PATH_MAX_LENGTH) {
            throw nameTooLong();
        }
        Digest digest = parts.digest() == null ? null : parseDigest(parts.digest());
        return new Reference(name[0], name[1], parts.tag(), digest);
    }

    /**
     * go-digest's validation (v1.0.0, which Docker vendors) of a digest the grammar accepted: sha256,
     * sha384 and sha512 are known there, with their hex lengths. Only sha256 is supported here (see
     * {@link Digest}), so a well-formed sha384 or sha512 digest, which Docker accepts, is refused as
     * {@code unsupported digest algorithm}.
     */
    private static Digest parseDigest(String text) {
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        int hexLength = switch (algorithm) {
            case "sha256" -> 64;
            case "sha384" -> 96;
            case "sha512" -> 128;
            default -> -1;
        };
        if (hexLength < 0) {
            // go-digest tells a well-formed unknown algorithm (lower case) from a malformed one.
            if (!algorithm.toLowerCase(Locale.ROOT).equals(algorithm)) {
                throw EngineException.invalidArgument("invalid checksum digest format");
            }
            throw EngineException.invalidArgument("unsupported digest algorithm");
        }
        if (hex.length() != hexLength) {
            throw EngineException.invalidArgument("invalid checksum digest length");
        }
        if (!Grammar.isLowerHex(hex, 0, hex.length())) {
            throw EngineException.invalidArgument("invalid checksum digest format");
        }
        if (!algorithm.equals("sha256")) {
            throw EngineException.invalidArgument("unsupported digest algorithm");
        }
        return new Digest(algorithm, hex);
    }

    private static EngineException nameTooLong() {
        return EngineException.invalidArgument(
                "repository name must not be more than " + PATH_MAX_LENGTH + " characters");
    }

    /**
     * Whether {@code text} may be an image ID or a prefix of one: 4 to 64 lower-case hex digits,
     * optionally after {@code sha256:}. Such a string can also be a valid name ({@code cafe}); the
     * daemon looks it up both ways, as Docker does.
     */
    public static boolean isIdLike(String text) {
        return idPrefix(text).isPresent();
    }

    /** The hex digits of an ID-like string (see {@link #isIdLike}), without {@code sha256:}. */
    public static Optional<String> idPrefix(String text) {
        String hex = text.startsWith(SHA256_PREFIX) ? text.substring(SHA256_PREFIX.length()) : text;
        if (hex.length() < 4 || hex.length() > 64 || !Grammar.isLowerHex(hex, 0, hex.length())) {
            return Optional.empty();
        }
        return Optional.of(hex);
    }

    /** The registry host and optional port: {@code docker.io}, {@code 127.0.0.1:5000}. */
    public String domain() {
        return domain;
    }

    /** The repository path within the registry: {@code library/busybox}, {@code a/b}. */
    public String path() {
        return path;
    }

    /** {@code domain/path}, the repository's full name. */
    public String name() {
        return domain.isEmpty() ? path : domain + "/" + path;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** Neither tag nor digest. */
    public boolean isNameOnly() {
        return tag == null && digest == null;
    }

    /**
     * The name as Docker shows it: Docker Hub's domain dropped, and {@code library/} dropped from
     * single-component official names ({@code busybox}, {@code user/app}, {@code
     * 127.0.0.1:5000/a/b}).
     */
    public String familiarName() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return name();
        }
        if (path.startsWith(OFFICIAL_REPO_PREFIX)) {
            String remainder = path.substring(OFFICIAL_REPO_PREFIX.length());
            if (remainder.indexOf('/') < 0) {
                return remainder;
            }
        }
        return path;
    }

    /** The familiar name with the tag and digest, as {@code docker images} and {@code ps} show it. */
    public String familiarString() {
        return withSuffixes(familiarName());
    }

    /** A copy with {@code tag}, keeping any digest; {@code invalid tag format} if it is not one. */
    public Reference withTag(String newTag) {
        Objects.requireNonNull(newTag, "tag");
        if (!Grammar.isTag(newTag)) {
            throw EngineException.invalidArgument("invalid tag format");
        }
        return new Reference(domain, path, newTag, digest);
    }

    /** A copy with {@code digest}, keeping any tag. */
    public Reference withDigest(Digest newDigest) {
        return new Reference(domain, path, tag, Objects.requireNonNull(newDigest, "digest"));
    }

    /** This reference with {@code latest} added when it has neither tag nor digest. */
    public Reference withDefaultTag() {
        return isNameOnly() ? new Reference(domain, path, DEFAULT_TAG, null) : this;
    }

    /** The repository alone, without tag or digest. */
    public Reference nameOnly() {
        return isNameOnly() ? this : new Reference(domain, path, null, null);
    }

    private String withSuffixes(String name) {
        StringBuilder b = new StringBuilder(name);
        if (tag != null) {
            b.append(':').append(tag);
        }
        if (digest != null) {
            b.append('@').append(digest);
        }
        return b.toString();
    }

    /** The full canonical form: {@code docker.io/library/busybox:latest@sha256:...}. */
    @JsonValue
    @Override
    public String toString() {
        return withSuffixes(name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reference r
                && domain.equals(r.domain)
                && path.equals(r.path)
                && Objects.equals(tag, r.tag)
                && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, path, tag, digest);
    }

    @Override
    public int compareTo(Reference other) {
        return toString().compareTo(other.toString());
    }
}
