package io.jocker.storage.snapshot;

/**
 * What {@link Snapshotter#activeDir} holds, and so how a layer must be applied into it (Docker's
 * graph drivers make the same split: overlay2 untars with the overlay whiteout converter, vfs onto
 * a copy of the parent).
 */
public enum ActiveDirFormat {
    /**
     * Only this snapshot's own changes, in overlayfs's upper-directory format: a deleted path is a
     * whiteout (character device 0:0) and a directory whose lower contents are hidden carries
     * {@code trusted.overlay.opaque=y}. Apply a layer by writing its entries and turning
     * {@code .wh.NAME} into a whiteout and {@code .wh..wh..opq} into the opaque xattr; diff by
     * reading the directory alone.
     */
    OVERLAY_DIFF,
    /**
     * The complete file system: a copy of the parent's tree that the changes are made in place on.
     * Apply a layer by writing its entries and removing what {@code .wh.NAME} names (and the old
     * contents of a directory marked {@code .wh..wh..opq}); diff by comparing with the parent's tree.
     */
    FULL_TREE
}
