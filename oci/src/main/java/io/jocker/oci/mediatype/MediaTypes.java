package io.jocker.oci.mediatype;

import io.jocker.common.error.EngineException;
import java.util.Locale;
import java.util.Set;

/**
 * Media type constants and their classification. A media type may arrive with parameters (a
 * registry's {@code Content-Type: ...; charset=utf-8}); every check here looks at the type alone.
 * Stateless; thread-safe.
 *
 * <p>See https://github.com/opencontainers/image-spec/blob/main/media-types.md and
 * https://distribution.github.io/distribution/spec/manifest-v2-2/.
 */
public final class MediaTypes {
    // OCI image spec.
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = OCI_LAYER + "+gzip";
    public static final String OCI_LAYER_ZSTD = OCI_LAYER + "+zstd";
    /** Deprecated by OCI 1.1, still found in Windows images. */
    public static final String OCI_LAYER_NONDISTRIBUTABLE =
            "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_GZIP = OCI_LAYER_NONDISTRIBUTABLE + "+gzip";
    public static final String OCI_LAYER_NONDISTRIBUTABLE_ZSTD = OCI_LAYER_NONDISTRIBUTABLE + "+zstd";
    /** The empty descriptor's media type: the blob is {@code {}} (OCI 1.1 artifacts). */
    public static final String OCI_EMPTY_JSON = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";

    // Docker image manifest v2, schema 2.
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST =
            "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = DOCKER_LAYER + ".gzip";
    public static final String DOCKER_LAYER_ZSTD = DOCKER_LAYER + ".zstd";
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = DOCKER_FOREIGN_LAYER + ".gzip";
    public static final String DOCKER_PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json";

    // Docker schema 1: recognised only to be refused.
    public static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
    public static final String DOCKER_SCHEMA1_SIGNED_MANIFEST =
            "application/vnd.docker.distribution.manifest.v1+prettyjws";

    private static final String OCI_LAYER_PREFIX = "application/vnd.oci.image.layer.";
    private static final Set<String> DOCKER_LAYERS =
            Set.of(DOCKER_LAYER, DOCKER_LAYER_GZIP, DOCKER_LAYER_ZSTD, DOCKER_FOREIGN_LAYER, DOCKER_FOREIGN_LAYER_GZIP);

    private MediaTypes() {}

    /** The type without parameters, trimmed and lower-cased: {@code a/b; charset=utf-8} is {@code a/b}. */
    public static String base(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        String type = semicolon < 0 ? mediaType : mediaType.substring(0, semicolon);
        return type.trim().toLowerCase(Locale.ROOT);
    }

    /** An image manifest: OCI or Docker schema2. */
    public static boolean isManifest(String mediaType) {
        String type = base(mediaType);
        return type.equals(OCI_MANIFEST) || type.equals(DOCKER_MANIFEST);
    }

    /** An index of manifests: OCI image index or Docker manifest list. */
    public static boolean isIndex(String mediaType) {
        String type = base(mediaType);
        return type.equals(OCI_INDEX) || type.equals(DOCKER_MANIFEST_LIST);
    }

    /** An image config: OCI or Docker container image config. */
    public static boolean isConfig(String mediaType) {
        String type = base(mediaType);
        return type.equals(OCI_CONFIG) || type.equals(DOCKER_CONFIG);
    }

    /** A Docker schema1 manifest, signed or not, which Docker no longer pulls. */
    public static boolean isSchema1(String mediaType) {
        String type = base(mediaType);
        return type.equals(DOCKER_SCHEMA1_MANIFEST) || type.equals(DOCKER_SCHEMA1_SIGNED_MANIFEST);
    }

    /**
     * A layer: any OCI layer type (with any {@code +suffix}) or a Docker rootfs diff, foreign ones
     * included. Docker types are compared without {@code +suffixes}, as containerd does.
     */
    public static boolean isLayer(String mediaType) {
        String type = base(mediaType);
        if (type.startsWith(OCI_LAYER_PREFIX)) {
            return true;
        }
        int plus = type.indexOf('+');
        return DOCKER_LAYERS.contains(plus < 0 ? type : type.substring(0, plus));
    }

    /**
     * A layer that registries do not serve (Windows base layers): pushes skip it and pulls fetch it
     * from the descriptor's {@code urls}.
     */
    public static boolean isNonDistributable(String mediaType) {
        String type = base(mediaType);
        return type.startsWith(OCI_LAYER_NONDISTRIBUTABLE)
                || type.startsWith(DOCKER_FOREIGN_LAYER);
    }

    /**
     * The compression a layer media type declares. Uncompressed Docker types answer {@link
     * Compression#NONE}, though such blobs may be compressed anyway (see {@link Compression}).
     * Wrapped layers ({@code +encrypted}) and other suffixes are not implemented; a type that is not
     * a layer is an invalid argument.
     */
    public static Compression compressionOf(String mediaType) {
        String type = base(mediaType);
        int plus = type.indexOf('+');
        String layer = plus < 0 ? type : type.substring(0, plus);
        String suffix = plus < 0 ? "" : type.substring(plus + 1);
        if (layer.equals(OCI_LAYER) || layer.equals(OCI_LAYER_NONDISTRIBUTABLE)) {
            return switch (suffix) {
                case "" -> Compression.NONE;
                case "gzip" -> Compression.GZIP;
                case "zstd" -> Compression.ZSTD;
                default -> throw unsupportedLayer(mediaType);
            };
        }
        if (DOCKER_LAYERS.contains(layer)) {
            if (!suffix.isEmpty()) {
                throw unsupportedLayer(mediaType);
            }
            if (layer.endsWith(".gzip")) {
                return Compression.GZIP;
            }
            return layer.endsWith(".zstd") ? Compression.ZSTD : Compression.NONE;
        }
        if (isLayer(type)) {
            throw unsupportedLayer(mediaType);
        }
        throw EngineException.invalidArgument("unrecognised layer media type " + mediaType);
    }

    private static EngineException unsupportedLayer(String mediaType) {
        return EngineException.notImplemented("unsupported layer media type " + mediaType);
    }
}
