package io.jocker.storage.snapshot;

/**
 * The three kinds of snapshot (containerd's {@code snapshots.Kind}). A snapshot never changes kind
 * except by {@link Snapshotter#commit}, which turns an active snapshot into a committed one under a
 * new name.
 */
public enum Kind {
    /** A read-only view of a committed snapshot, made by {@link Snapshotter#view}; never committed. */
    VIEW,
    /** A writable snapshot made by {@link Snapshotter#prepare}: a layer being unpacked, a container's root. */
    ACTIVE,
    /** An immutable snapshot made by {@link Snapshotter#commit}: an image layer; the only kind that can be a parent. */
    COMMITTED
}
