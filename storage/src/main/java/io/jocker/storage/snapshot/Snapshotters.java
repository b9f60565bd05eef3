package io.jocker.storage.snapshot;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.mount.Mounter;
import java.nio.file.Path;

/**
 * Opens snapshotters; the implementations stay package-private behind {@link Snapshotter}. Each
 * opens (creating if needed) its root, laid out as the package doc describes, and loads its
 * records; call {@link Snapshotter#cleanup()} once on start. The caller must be the only one using
 * {@code root} (the daemon holds the data-root lock).
 */
public final class Snapshotters {
    private Snapshotters() {}

    /** Docker's "overlay2": layers as overlayfs lower directories, on the host's kernel. */
    public static Snapshotter overlay(Path root) {
        return overlay(root, Mounter.nativeMounter());
    }

    /**
     * As {@link #overlay(Path)}, with the mounter that is asked what is mounted inside a snapshot
     * before its directory is deleted (the snapshotter itself never mounts).
     */
    public static Snapshotter overlay(Path root, Mounter mounter) {
        return new OverlaySnapshotter(root, mounter);
    }

    /** Docker's "vfs": every active snapshot a full copy of its parent, on the host's kernel. */
    public static Snapshotter naive(Path root) {
        return naive(root, Mounter.nativeMounter(), FileSystemOps.nativeOps());
    }

    /** As {@link #naive(Path)}, with the mounter and the file-system calls given. */
    public static Snapshotter naive(Path root, Mounter mounter, FileSystemOps fs) {
        return new NaiveSnapshotter(root, mounter, fs);
    }
}
