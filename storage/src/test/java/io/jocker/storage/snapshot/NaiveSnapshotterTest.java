package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps;
import io.jocker.linux.mount.RecordingMounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract on the fake file-system calls, which keep owners, modes, xattrs and device nodes in
 * memory, so the exactness of the copy is checked without root.
 */
class NaiveSnapshotterTest extends SnapshotterContract {
    RecordingFileSystemOps fs;

    @Override
    protected Snapshotter open(Path root, RecordingMounter mounter) {
        if (fs == null) {
            fs = new RecordingFileSystemOps();
        }
        return Snapshotters.naive(root, mounter, fs);
    }

    @Test
    void names_areDockersVfs() {
        assertThat(snapshotter.driverName()).isEqualTo("vfs");
        assertThat(snapshotter.activeDirFormat()).isEqualTo(ActiveDirFormat.FULL_TREE);
    }

    @Test
    void mounts_areBinds_activeOwnTreeWritable_viewParentTreeReadOnly() throws IOException {
        commitLayer(L1, null, "a", "1");
        List<MountSpec> active = snapshotter.prepare("ctr", L1);
        List<MountSpec> view = snapshotter.view("v", L1);

        assertThat(active).containsExactly(MountSpec.bind(snapshotter.activeDir("ctr"), false));
        assertThat(view).singleElement().isInstanceOfSatisfying(MountSpec.Bind.class, b -> {
            assertThat(b.readOnly()).isTrue();
            assertThat(b.source()).isNotEqualTo(snapshotter.activeDir("ctr"));
            assertThat(b.source().resolve("a")).hasContent("1");
        });
    }

    @Test
    void prepare_copiesParentExactly() throws IOException {
        snapshotter.prepare("extract", null);
        Path layer = snapshotter.activeDir("extract");
        Path bin = Files.createDirectory(layer.resolve("bin"));
        Path su = Files.writeString(bin.resolve("su"), "elf");
        fs.lchown(su, 0, 42);
        fs.chmod(su, 04755);
        fs.lsetxattr(su, "security.capability", new byte[] {1, 2, 3});
        Files.createLink(bin.resolve("su-again"), su);
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
        Path dev = Files.createDirectory(layer.resolve("dev"));
        fs.mknod(dev.resolve("null"), FileSystemOps.NodeType.CHAR_DEVICE, 0666, 1, 3);
        fs.mkWhiteout(layer.resolve("gone"));
        Path opaque = Files.createDirectory(layer.resolve("opaque"));
        fs.lsetxattr(opaque, "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        fs.chmod(opaque, 01777);
        FileTime old = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
        fs.lutimes(opaque, old, old);
        snapshotter.commit(L1, "extract");

        snapshotter.prepare("ctr", L1);
        Path copy = snapshotter.activeDir("ctr");

        FileStat suCopy = fs.lstat(copy.resolve("bin/su"));
        assertThat(suCopy.uid()).isZero();
        assertThat(suCopy.gid()).isEqualTo(42);
        assertThat(suCopy.permissions()).isEqualTo(04755);
        assertThat(fs.xattrs(copy.resolve("bin/su"))).containsKey("security.capability");
        assertThat(copy.resolve("bin/su")).hasContent("elf");
        assertThat(Files.isSameFile(copy.resolve("bin/su"), copy.resolve("bin/su-again"))).isTrue();
        assertThat(Files.readSymbolicLink(copy.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
        FileStat nullCopy = fs.lstat(copy.resolve("dev/null"));
        assertThat(nullCopy.isCharDevice()).isTrue();
        assertThat(nullCopy.rdevMajor()).isEqualTo(1);
        assertThat(nullCopy.rdevMinor()).isEqualTo(3);
        assertThat(fs.lstat(copy.resolve("gone")).isWhiteout()).isTrue();
        assertThat(fs.xattrs(copy.resolve("opaque"))).containsKey("trusted.overlay.opaque");
        FileStat opaqueCopy = fs.lstat(copy.resolve("opaque"));
        assertThat(opaqueCopy.permissions()).isEqualTo(01777);
        assertThat(opaqueCopy.modifiedTime()).isEqualTo(old);

        // The copy is independent of the committed layer.
        Files.writeString(copy.resolve("bin/su"), "changed");
        assertThat(snapshotter.view("v", L1).getFirst()).isInstanceOfSatisfying(MountSpec.Bind.class,
                b -> assertThat(b.source().resolve("bin/su")).hasContent("elf"));
        assertThat(Files.exists(copy.resolve("bin/sh"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void commit_measuresTheWholeTree() throws IOException {
        commitLayer(L1, null, "big", "x".repeat(1000));
        commitLayer(L2, L1, "small", "12");
        assertThat(snapshotter.stat(L2).size()).hasValue(1002);
    }
}
