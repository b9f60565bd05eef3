package io.jocker.storage.snapshot;

import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Snapshots as overlayfs layers, Docker's "overlay2" driver in containerd's shape: each snapshot's
 * {@code fs} directory holds only its own changes (whiteouts and opaque markers included) and is
 * never merged into another. How a snapshot is mounted (containerd's overlay snapshotter does the
 * same):
 * <ul>
 *   <li>no parent: a bind mount of its {@code fs}, read-only for a view (overlayfs needs a lower
 *       layer);
 *   <li>active with parents: an overlay, lower = the parents' {@code fs} nearest first, upper = its
 *       {@code fs}, work = its {@code work};
 *   <li>view of one parent: a read-only bind mount of that parent's {@code fs} (a base layer's
 *       whiteouts hide nothing, and overlayfs refuses one lower without an upper);
 *   <li>view of a longer chain: a read-only overlay of the parents.
 * </ul>
 * Commit moves nothing, so the EXDEV that overlayfs gives for a rename of a lower directory never
 * arises here. Thread-safe (see {@link DirectorySnapshotter}).
 */
final class OverlaySnapshotter extends DirectorySnapshotter {

    OverlaySnapshotter(Path root, Mounter mounter) {
        super(root, mounter);
    }

    @Override
    public String driverName() {
        return "overlay2";
    }

    @Override
    public ActiveDirFormat activeDirFormat() {
        return ActiveDirFormat.OVERLAY_DIFF;
    }

    @Override
    void populate(Path dir, Kind kind, List<SnapshotRecord> chain) throws IOException {
        Files.createDirectory(dir.resolve("fs"));
        Files.createDirectory(dir.resolve("work"));
    }

    @Override
    List<MountSpec> mountsOf(SnapshotRecord snapshot, List<SnapshotRecord> chain) {
        boolean view = snapshot.kind() == Kind.VIEW;
        if (chain.isEmpty()) {
            return List.of(MountSpec.bind(fsOf(snapshot.id()), view));
        }
        List<Path> lowers = chain.stream().map(r -> fsOf(r.id())).toList();
        if (!view) {
            return List.of(MountSpec.overlay(lowers, fsOf(snapshot.id()), workOf(snapshot.id())));
        }
        if (lowers.size() == 1) {
            return List.of(MountSpec.bind(lowers.getFirst(), true));
        }
        return List.of(MountSpec.readOnlyOverlay(lowers));
    }
}
