package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.mount.MountInfo;
import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mounts a snapshotter describes, performed by the kernel ({@link Mounter#nativeMounter()}):
 * a three-layer chain with a whiteout and an opaque directory, unpacked as
 * {@link Snapshotter#activeDirFormat()} says, must merge into the file system the layers mean.
 * Needs root (mount, mknod, trusted.* xattrs).
 */
abstract class MountedSnapshotterContract {
    static final String L1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    static final String L2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    static final String L3 = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    final Mounter mounter = Mounter.nativeMounter();
    final FileSystemOps fs = FileSystemOps.nativeOps();

    @TempDir
    Path dir;

    Snapshotter snapshotter;
    Path target;

    protected abstract Snapshotter open(Path root);

    @BeforeEach
    void setUp() throws IOException {
        dir = dir.toRealPath();
        snapshotter = open(dir.resolve("root"));
        target = Files.createDirectory(dir.resolve("rootfs"));
        unpackChain();
    }

    /** Leaves no mount behind, whatever a test did; fails the test if it had to clean up. */
    @AfterEach
    void unmountLeftovers() throws IOException {
        List<MountInfo> left = new ArrayList<>(mounter.mountsUnder(dir));
        for (MountInfo m : left.reversed()) {
            mounter.unmount(m.mountPoint(), true);
        }
        assertThat(left).as("mounts left by the test").isEmpty();
    }

    /**
     * L1: keep=v1, gone, dir/old, dir2/x. L2: deletes gone, makes dir opaque with dir/new, adds
     * l2. L3: changes keep to v3, adds l3.
     */
    void unpackChain() throws IOException {
        snapshotter.prepare("extract-1", null);
        Path l1 = snapshotter.activeDir("extract-1");
        Files.writeString(l1.resolve("keep"), "v1");
        Files.writeString(l1.resolve("gone"), "x");
        Files.createDirectories(l1.resolve("dir"));
        Files.writeString(l1.resolve("dir/old"), "o");
        Files.createDirectories(l1.resolve("dir2"));
        Files.writeString(l1.resolve("dir2/x"), "x");
        snapshotter.commit(L1, "extract-1");

        snapshotter.prepare("extract-2", L1);
        Path l2 = snapshotter.activeDir("extract-2");
        if (snapshotter.activeDirFormat() == ActiveDirFormat.OVERLAY_DIFF) {
            mknodWhiteout(l2.resolve("gone"));
            Files.createDirectories(l2.resolve("dir"));
            fs.lsetxattr(l2.resolve("dir"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        } else {
            Files.delete(l2.resolve("gone"));
            Files.delete(l2.resolve("dir/old"));
        }
        Files.writeString(l2.resolve("dir/new"), "n");
        Files.writeString(l2.resolve("l2"), "2");
        snapshotter.commit(L2, "extract-2");

        snapshotter.prepare("extract-3", L2);
        Path l3 = snapshotter.activeDir("extract-3");
        Files.writeString(l3.resolve("keep"), "v3");
        Files.writeString(l3.resolve("l3"), "3");
        snapshotter.commit(L3, "extract-3");
    }

    /** A whiteout as a shell would make it, to check against something other than our own seam. */
    static void mknodWhiteout(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mknod", path.toString(), "c", "0", "0").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("mknod " + path + " c 0 0 failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static List<String> tree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    static final List<String> MERGED_L3 = List.of("dir", "dir/new", "dir2", "dir2/x", "keep", "l2", "l3");

    @Test
    void prepare_onChain_mountsTheMergedLayersWritable() throws IOException {
        MountSpec.mountAll(snapshotter.prepare("ctr", L3), mounter, target);
        try {
            assertThat(tree(target)).containsExactlyElementsOf(MERGED_L3);
            assertThat(target.resolve("keep")).hasContent("v3");
            assertThat(target.resolve("dir/new")).hasContent("n");

            Files.writeString(target.resolve("written"), "w");
            Files.delete(target.resolve("keep"));
            Files.writeString(target.resolve("dir2/x"), "changed");
        } finally {
            mounter.unmount(target, false);
        }

        Path own = snapshotter.activeDir("ctr");
        assertThat(own.resolve("written")).hasContent("w");
        assertThat(own.resolve("dir2/x")).hasContent("changed");
        if (snapshotter.activeDirFormat() == ActiveDirFormat.OVERLAY_DIFF) {
            assertThat(fs.lstat(own.resolve("keep")).isWhiteout()).isTrue();
        } else {
            assertThat(Files.exists(own.resolve("keep"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        }

        // The committed layers did not change, and mounting again shows the container's changes.
        MountSpec.mountAll(snapshotter.view("check", L3), mounter, target);
        try {
            assertThat(tree(target)).containsExactlyElementsOf(MERGED_L3);
            assertThat(target.resolve("dir2/x")).hasContent("x");
        } finally {
            mounter.unmount(target, false);
        }
        MountSpec.mountAll(snapshotter.mounts("ctr"), mounter, target);
        try {
            assertThat(target.resolve("keep")).doesNotExist();
            assertThat(target.resolve("written")).hasContent("w");
        } finally {
            mounter.unmount(target, false);
        }
        snapshotter.remove("ctr");
    }

    @Test
    void view_onChain_mountsTheMergedLayersReadOnly() throws IOException {
        MountSpec.mountAll(snapshotter.view("v", L3), mounter, target);
        try {
            assertThat(tree(target)).containsExactlyElementsOf(MERGED_L3);
            assertThatThrownBy(() -> Files.writeString(target.resolve("x"), "x")).isInstanceOf(IOException.class);
        } finally {
            mounter.unmount(target, false);
        }
    }

    @Test
    void view_ofBaseLayer_showsItAlone() throws IOException {
        MountSpec.mountAll(snapshotter.view("v", L1), mounter, target);
        try {
            assertThat(tree(target)).containsExactly("dir", "dir/old", "dir2", "dir2/x", "gone", "keep");
            assertThatThrownBy(() -> Files.writeString(target.resolve("x"), "x")).isInstanceOf(IOException.class);
        } finally {
            mounter.unmount(target, false);
        }
    }

    @Test
    void prepare_noParent_mountsAnEmptyWritableTree() throws IOException {
        MountSpec.mountAll(snapshotter.prepare("scratch", null), mounter, target);
        try {
            assertThat(tree(target)).isEmpty();
            Files.writeString(target.resolve("f"), "f");
        } finally {
            mounter.unmount(target, false);
        }
        assertThat(snapshotter.activeDir("scratch").resolve("f")).hasContent("f");
    }

    @Test
    void remove_whileMounted_isRefusedByWhatTheKernelShows() throws IOException {
        MountSpec.mountAll(snapshotter.prepare("ctr", L3), mounter, target);
        try {
            assertThatThrownBy(() -> snapshotter.remove("ctr"))
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                        assertThat(e.getMessage()).contains(target.toString());
                    });
            assertThat(target.resolve("keep")).hasContent("v3");
        } finally {
            mounter.unmount(target, false);
        }
        snapshotter.remove("ctr");
    }

    @Test
    void remove_afterUse_leavesNoDirectoriesAndNoMounts() throws IOException {
        MountSpec.mountAll(snapshotter.prepare("ctr", L3), mounter, target);
        Files.writeString(target.resolve("written"), "w");
        mounter.unmount(target, false);

        snapshotter.remove("ctr");
        snapshotter.remove(L3);
        snapshotter.remove(L2);
        snapshotter.remove(L1);

        assertThat(snapshotter.list()).isEmpty();
        try (Stream<Path> left = Files.list(dir.resolve("root/snapshots"))) {
            assertThat(left).isEmpty();
        }
    }
}
