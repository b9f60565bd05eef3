package io.jocker.linux.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.FileSystemOps.NodeType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link FileSystemOps} does, the fake included (containerd's snapshot testsuite is the
 * model): subclasses supply the implementation; the native one runs as root.
 */
abstract class FileSystemOpsContract {
    @TempDir
    Path dir;

    FileSystemOps fs;

    protected abstract FileSystemOps create();

    @BeforeEach
    void setUp() throws IOException {
        fs = create();
        dir = dir.toRealPath();
    }

    @Test
    void mknod_fifo_isAFifo() throws IOException {
        Path fifo = dir.resolve("fifo");
        fs.mknod(fifo, NodeType.FIFO, 0600, 0, 0);
        assertThat(fs.lstat(fifo).isFifo()).isTrue();
    }

    @Test
    void mknod_charDevice_keepsTypeAndNumbers() throws IOException {
        Path dev = dir.resolve("null");
        fs.mknod(dev, NodeType.CHAR_DEVICE, 0666, 1, 3);
        fs.chmod(dev, 0666);
        FileStat stat = fs.lstat(dev);
        assertThat(stat.isCharDevice()).isTrue();
        assertThat(stat.rdevMajor()).isEqualTo(1);
        assertThat(stat.rdevMinor()).isEqualTo(3);
        assertThat(stat.permissions()).isEqualTo(0666);
    }

    @Test
    void mknod_blockDeviceWithLargeNumbers_keepsNumbers() throws IOException {
        Path dev = dir.resolve("blk");
        fs.mknod(dev, NodeType.BLOCK_DEVICE, 0600, 259, 70000);
        FileStat stat = fs.lstat(dev);
        assertThat(stat.isBlockDevice()).isTrue();
        assertThat(stat.rdevMajor()).isEqualTo(259);
        assertThat(stat.rdevMinor()).isEqualTo(70000);
    }

    @Test
    void mkWhiteout_isCharDeviceZeroZero() throws IOException {
        Path whiteout = dir.resolve("gone");
        fs.mkWhiteout(whiteout);
        assertThat(fs.lstat(whiteout).isWhiteout()).isTrue();
    }

    @Test
    void mknod_existingPath_failsWithEexistAndLeavesIt() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "keep");
        assertThatThrownBy(() -> fs.mkWhiteout(file))
                .isInstanceOfSatisfying(ErrnoException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.getMessage()).isEqualTo("mknod " + file + ": EEXIST (File exists)");
                });
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void mknod_missingParent_failsWithEnoent() {
        assertThatThrownBy(() -> fs.mkWhiteout(dir.resolve("no/such")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void xattr_trustedBinaryValue_setGetListRemove() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));
        byte[] binary = {1, 0, 0, 2, (byte) 0x80, (byte) 0xff, 0, 0};
        fs.lsetxattr(d, "trusted.overlay.opaque", new byte[] {'y'});
        fs.lsetxattr(d, "trusted.jocker.test", binary);
        assertThat(fs.lgetxattr(d, "trusted.overlay.opaque")).hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
        assertThat(fs.lgetxattr(d, "trusted.jocker.test")).hasValueSatisfying(v -> assertThat(v).containsExactly(binary));
        assertThat(fs.llistxattr(d)).contains("trusted.overlay.opaque", "trusted.jocker.test");
        fs.lremovexattr(d, "trusted.jocker.test");
        assertThat(fs.lgetxattr(d, "trusted.jocker.test")).isEmpty();
        assertThat(fs.llistxattr(d)).doesNotContain("trusted.jocker.test");
    }

    @Test
    void xattr_emptyValue_roundTrips() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        fs.lsetxattr(f, "user.empty", new byte[0]);
        assertThat(fs.lgetxattr(f, "user.empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    @Test
    void lremovexattr_missing_failsWithEnodata() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        assertThatThrownBy(() -> fs.lremovexattr(f, "user.none"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENODATA));
    }

    @Test
    void lsetxattr_userNamespaceOnSymlink_failsWithEperm() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        assertThatThrownBy(() -> fs.lsetxattr(link, "user.x", new byte[] {1}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EPERM));
    }

    @Test
    void lsetxattr_trustedOnSymlink_setsTheLinkNotTheTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        fs.lsetxattr(link, "trusted.x", new byte[] {1});
        assertThat(fs.lgetxattr(link, "trusted.x")).isPresent();
        assertThat(fs.lgetxattr(target, "trusted.x")).isEmpty();
    }

    @Test
    void lchown_symlink_changesTheLinkNotTheTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        int targetUid = fs.lstat(target).uid();
        fs.lchown(link, 1234, 5678);
        assertThat(fs.lstat(link).uid()).isEqualTo(1234);
        assertThat(fs.lstat(link).gid()).isEqualTo(5678);
        assertThat(fs.lstat(target).uid()).isEqualTo(targetUid);
    }

    @Test
    void lchown_minusOne_isRefused() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        assertThatThrownBy(() -> fs.lchown(f, -1, 0))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }

    @Test
    void chmod_setuidSetgidSticky_areKept() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        Path d = Files.createDirectory(dir.resolve("d"));
        fs.chmod(file, 06755);
        fs.chmod(d, 01777);
        assertThat(fs.lstat(file).permissions()).isEqualTo(06755);
        assertThat(fs.lstat(d).permissions()).isEqualTo(01777);
    }

    @Test
    void chmod_afterLchown_keepsSetuid() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        fs.lchown(file, 0, 0);
        fs.chmod(file, 04711);
        assertThat(fs.lstat(file).permissions()).isEqualTo(04711);
    }

    @Test
    void chmod_symlink_failsAndLeavesTheTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        fs.chmod(target, 0600);
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThatThrownBy(() -> fs.chmod(link, 0777))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        assertThat(fs.lstat(target).permissions()).isEqualTo(0600);
    }

    @Test
    void lutimes_symlink_setsTheLinkNotTheTarget() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        FileTime targetMtime = fs.lstat(target).modifiedTime();
        FileTime atime = FileTime.from(Instant.parse("2001-02-03T04:05:06.123456789Z"));
        FileTime mtime = FileTime.from(Instant.parse("1999-12-31T23:59:59.5Z"));
        fs.lutimes(link, atime, mtime);
        assertThat(fs.lstat(link).modifiedTime()).isEqualTo(mtime);
        assertThat(fs.lstat(link).accessTime()).isEqualTo(atime);
        assertThat(fs.lstat(target).modifiedTime()).isEqualTo(targetMtime);
    }

    @Test
    void lutimes_beforeTheEpoch_isKept() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        FileTime old = FileTime.from(Instant.parse("1960-01-01T00:00:00Z"));
        fs.lutimes(file, old, old);
        assertThat(fs.lstat(file).modifiedTime()).isEqualTo(old);
    }

    @Test
    void symlink_keepsTheTargetByteForByte() throws IOException {
        Path link = dir.resolve("link");
        fs.symlink("../a//b/", link);
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../a//b/");
        assertThat(fs.lstat(link).isSymbolicLink()).isTrue();
    }

    @Test
    void symlink_overAnExistingPath_failsWithEexist() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "keep");
        assertThatThrownBy(() -> fs.symlink("/etc/passwd", file))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThat(Files.readString(file)).isEqualTo("keep");
    }

    @Test
    void lstat_missing_failsWithEnoent() {
        assertThatThrownBy(() -> fs.lstat(dir.resolve("none")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void lstat_regularFile_reportsSizeAndLinks() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "12345");
        Files.createLink(dir.resolve("hard"), file);
        FileStat stat = fs.lstat(file);
        assertThat(stat.isRegularFile()).isTrue();
        assertThat(stat.size()).isEqualTo(5);
        assertThat(stat.links()).isEqualTo(2);
        assertThat(fs.lstat(dir.resolve("hard")).inode()).isEqualTo(stat.inode());
    }

    @Test
    void resolveInRoot_absoluteAndEscapingSymlinks_stayInsideTheRoot() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        assertThat(fs.resolveInRoot(root, "abs")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolveInRoot(root, "up/etc")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolveInRoot(root, "/../../etc")).isEqualTo(root.resolve("etc"));
        assertThat(fs.resolveInRoot(root, "")).isEqualTo(root);
    }

    @Test
    void resolveInRoot_missing_failsWithEnoent() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("/nowhere"));
        assertThatThrownBy(() -> fs.resolveInRoot(root, "dangling"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void resolveInRoot_symlinkLoop_failsWithEloop() throws IOException {
        Path root = Files.createDirectory(dir.resolve("root"));
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> fs.resolveInRoot(root, "a"))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ELOOP));
    }
}
