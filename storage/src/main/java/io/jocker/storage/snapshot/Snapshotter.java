package io.jocker.storage.snapshot;

import java.nio.file.Path;
import java.util.List;

/**
 * Keeps file-system snapshots: image layers stacked into chains, and the writable tops that
 * unpacking and containers work in. The model and the words are containerd's
 * ({@code core/snapshots/snapshotter.go}).
 *
 * <p>Vocabulary:
 * <ul>
 *   <li>A <em>committed</em> snapshot is immutable and has a <em>name</em>; we name an image
 *       layer's snapshot by the layer's chain ID ({@code sha256:…}), so equal layer stacks share
 *       one snapshot. Only committed snapshots can be parents.
 *   <li>An <em>active</em> snapshot is writable and has a <em>key</em> (an unpack key, a container
 *       ID). {@link #prepare} makes one on top of a <em>parent</em> (or of nothing: an empty file
 *       system), {@link #commit} turns it into a committed snapshot under a name, and
 *       {@link #remove} discards it.
 *   <li>A <em>view</em> is a read-only active snapshot ({@link #view}): it can be mounted and
 *       removed, never committed.
 *   <li>Names and keys share one space: a key may not equal any name or other key. Both are
 *       arbitrary non-empty strings without control characters, at most 1024 characters.
 * </ul>
 *
 * <p>A snapshotter never mounts anything itself: {@link #prepare}, {@link #view} and
 * {@link #mounts} return {@link MountSpec}s that the caller mounts where it wants
 * ({@link MountSpec#mountAll}) and unmounts before it commits or removes the snapshot. Unpacking a
 * layer needs no mount at all: the layer is applied into {@link #activeDir}, in the format
 * {@link #activeDirFormat()} says.
 *
 * <p>Example, unpacking an image of two layers and running a container on it:
 * <pre>{@code
 * Snapshotter snapshotter = Snapshotters.overlay(root.resolve("overlay2"));
 * snapshotter.prepare("extract-1", null);
 * applier.apply(layer1, snapshotter.activeDir("extract-1"));
 * snapshotter.commit(chainId1, "extract-1");
 * snapshotter.prepare("extract-2", chainId1);
 * applier.apply(layer2, snapshotter.activeDir("extract-2"));
 * snapshotter.commit(chainId2, "extract-2");
 *
 * List<MountSpec> mounts = snapshotter.prepare(containerId, chainId2);
 * MountSpec.mountAll(mounts, mounter, rootfs);
 * ... run, stop ...
 * mounter.unmount(rootfs, false);
 * snapshotter.remove(containerId);
 * }</pre>
 *
 * <p>Errors are {@link io.jocker.common.error.EngineException}s: NOT_FOUND for a name, key or
 * parent that does not exist, CONFLICT for a key or name already taken, for a snapshot that still
 * has children or is mounted, and for an operation on the wrong kind (committing a view, mounts of
 * a committed snapshot), INVALID_ARGUMENT for a malformed name or a parent that is not committed,
 * INTERNAL when the host file system fails.
 *
 * <p>Implementations are thread-safe, with one lock per name or key: operations on different
 * snapshots run in parallel; {@link #stat}, {@link #list} and {@link #mounts} read immutable
 * records and take no lock. An implementation owns its root directory: no two snapshotters (or
 * processes) may share one.
 */
public interface Snapshotter {

    /** Docker's name for this storage driver ("overlay2", "vfs"), as {@code docker info} shows it. */
    String driverName();

    /** What {@link #activeDir} holds, and so how a layer is applied into it. */
    ActiveDirFormat activeDirFormat();

    /**
     * Makes an active snapshot with key {@code key} on top of the committed snapshot
     * {@code parent}, or on an empty file system when {@code parent} is null or empty.
     *
     * @return the mounts that show the snapshot's file system, writable
     */
    List<MountSpec> prepare(String key, String parent);

    /**
     * Makes a view with key {@code key}: the file system of the committed snapshot {@code parent}
     * (or an empty one), read-only. Cheap: nothing is copied.
     *
     * @return the mounts that show it, read-only
     */
    List<MountSpec> view(String key, String parent);

    /**
     * Turns the active snapshot {@code key} into the committed snapshot {@code name}, with the same
     * parent; {@code key} is gone afterwards. Its content is not copied or moved. The caller must
     * have unmounted it: a committed snapshot must never change again.
     */
    void commit(String name, String key);

    /** The mounts of an active snapshot or view again (after a restart, say). */
    List<MountSpec> mounts(String key);

    /** What is known about the snapshot named or keyed {@code nameOrKey}. */
    SnapshotInfo stat(String nameOrKey);

    /**
     * Removes a snapshot of any kind and its files. Refused (CONFLICT) while other snapshots
     * descend from it, and while anything is mounted inside its directory.
     */
    void remove(String nameOrKey);

    /** All snapshots, oldest first. */
    List<SnapshotInfo> list();

    /**
     * What the snapshot itself occupies on disk, its parents not included. Walks the snapshot's
     * files: proportional to their number.
     */
    Usage usage(String nameOrKey);

    /**
     * The directory holding the active snapshot {@code key}'s own files, in
     * {@link #activeDirFormat()}: where a layer is applied before {@link #commit}. Only for active
     * snapshots; nothing else may write there while the snapshot is mounted.
     */
    Path activeDir(String key);

    /**
     * Removes what an interrupted operation left: snapshot directories without a record (a crash
     * during {@link #prepare} or {@link #remove}). Run it on start, before other calls; it waits
     * for running operations and holds off new ones while it works.
     *
     * @return the directories removed
     */
    List<Path> cleanup();
}
