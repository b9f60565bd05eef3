package io.jocker.storage.snapshot;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Snapshots as full copies, Docker's "vfs" driver (containerd's "native"), for file systems that
 * cannot be an overlay's upper layer. Each active snapshot's {@code fs} starts as an exact copy of
 * its parent's complete tree ({@link TreeCopier}: owners, modes, xattrs, hard links, device
 * nodes), so a chain of n layers costs n copies of the image; committed snapshots are complete
 * trees too. Mounts are bind mounts: an active snapshot's own {@code fs}, read-write; a view's
 * parent's {@code fs} (or its own empty one), read-only, so a view copies nothing.
 * Thread-safe (see {@link DirectorySnapshotter}).
 */
final class NaiveSnapshotter extends DirectorySnapshotter {
    private final TreeCopier copier;

    NaiveSnapshotter(Path root, Mounter mounter, FileSystemOps fs) {
        super(root, mounter);
        this.copier = new TreeCopier(fs);
    }

    @Override
    public String driverName() {
        return "vfs";
    }

    @Override
    public ActiveDirFormat activeDirFormat() {
        return ActiveDirFormat.FULL_TREE;
    }

    @Override
    void populate(Path dir, Kind kind, List<SnapshotRecord> chain) throws IOException {
        Path fs = Files.createDirectory(dir.resolve("fs"));
        if (kind == Kind.ACTIVE && !chain.isEmpty()) {
            copier.copy(fsOf(chain.getFirst().id()), fs);
        }
    }

    @Override
    List<MountSpec> mountsOf(SnapshotRecord snapshot, List<SnapshotRecord> chain) {
        if (snapshot.kind() == Kind.ACTIVE) {
            return List.of(MountSpec.bind(fsOf(snapshot.id()), false));
        }
        return List.of(MountSpec.bind(fsOf(chain.isEmpty() ? snapshot.id() : chain.getFirst().id()), true));
    }
}
