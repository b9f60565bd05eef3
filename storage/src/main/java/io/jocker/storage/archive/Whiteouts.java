package io.jocker.storage.archive;

/**
 * The two ways a deletion is written: in a layer tar (OCI image spec, "Whiteouts", AUFS style) and
 * in an overlayfs upper directory (kernel docs, overlayfs "whiteouts and opaque directories").
 *
 * <pre>
 * layer tar                      overlay upper dir
 * dir/.wh.NAME                   dir/NAME as a character device 0:0
 * dir/.wh..wh..opq               dir with xattr trusted.overlay.opaque = "y"
 * </pre>
 */
final class Whiteouts {
    static final String PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";
    static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    static final byte[] OPAQUE_VALUE = {'y'};

    private Whiteouts() {}
}
