package io.jocker.storage.archive;

/**
 * What {@link LayerApplier} does with a layer's whiteouts ({@code dir/.wh.NAME} and
 * {@code dir/.wh..wh..opq}), which depends on what the target directory holds. Docker's graph
 * drivers make the same split: overlay2 untars with the overlay whiteout converter, vfs applies
 * the layer onto a copy of its parent (moby go-archive {@code UnpackLayer}).
 *
 * <p>A snapshotter tells which one it needs by its
 * {@link io.jocker.storage.snapshot.ActiveDirFormat}: {@code OVERLAY_DIFF} takes {@link #OVERLAY},
 * {@code FULL_TREE} takes {@link #DELETE}.
 */
public enum WhiteoutMode {
    /**
     * The target is an overlayfs upper directory holding only this layer: {@code .wh.NAME} becomes
     * a whiteout (character device 0:0) at NAME and {@code .wh..wh..opq} the xattr
     * {@code trusted.overlay.opaque=y} on its directory, so that the kernel hides the lower layers'
     * files when the layers are mounted together.
     */
    OVERLAY,
    /**
     * The target is a complete copy of the parent layers' tree, changed in place: {@code .wh.NAME}
     * removes NAME (a whole directory tree, never following symlinks), and {@code .wh..wh..opq}
     * removes what its directory held before this layer, keeping what this layer has written
     * there so far. Nothing is written for either marker. Use it with
     * {@link LayerApplier.Options#withReplaceDirectories(boolean) replaceDirectories}: in a full
     * tree a layer may legitimately turn a parent's directory into a file or the reverse.
     */
    DELETE
}
