package io.jocker.oci.mediatype;

/**
 * How a layer blob is compressed. Immutable; thread-safe.
 *
 * <p>Docker's layer media types are known to lie (old engines pushed uncompressed tars as {@code
 * tar.gzip} and the reverse), so whoever unpacks a layer should trust {@link #detect} over the media
 * type, as containerd does.
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};

    /** Recognises gzip and zstd by their magic numbers in the first bytes of a blob. */
    public static Compression detect(byte[] head) {
        if (startsWith(head, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, ZSTD_MAGIC)) {
            return ZSTD;
        }
        return NONE;
    }

    /** The OCI layer media type for a layer compressed this way. */
    public String ociLayerMediaType() {
        return switch (this) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
        };
    }

    /** The Docker schema2 layer media type for a layer compressed this way. */
    public String dockerLayerMediaType() {
        return switch (this) {
            case NONE -> MediaTypes.DOCKER_LAYER;
            case GZIP -> MediaTypes.DOCKER_LAYER_GZIP;
            case ZSTD -> MediaTypes.DOCKER_LAYER_ZSTD;
        };
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        if (head.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
