package io.jocker.linux.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.FileSystemOps.NodeType;
import io.jocker.linux.fs.RecordingFileSystemOps.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RecordingFileSystemOpsTest extends FileSystemOpsContract {
    private final RecordingFileSystemOps recording = new RecordingFileSystemOps();

    @Override
    protected FileSystemOps create() {
        return recording;
    }

    @Test
    void calls_areRecordedInOrder() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        recording.lchown(file, 1, 2);
        recording.chmod(file, 04755);
        recording.lsetxattr(file, "security.capability", new byte[] {1, 2});
        assertThat(recording.calls()).containsExactly(
                new Call("lchown", file, "1:2"),
                new Call("chmod", file, "4755"),
                new Call("lsetxattr", file, "security.capability=[1, 2]"));
        assertThat(recording.calls("chmod")).hasSize(1);
    }

    @Test
    void mknod_leavesAPlaceholderFileAndRemembersTheNode() throws IOException {
        Path whiteout = dir.resolve("gone");
        recording.mkWhiteout(whiteout);
        assertThat(Files.isRegularFile(whiteout)).isTrue();
        assertThat(recording.node(whiteout)).hasValueSatisfying(n -> assertThat(n.isWhiteout()).isTrue());
    }

    @Test
    void stateBelongsToTheInode_deletedAndRecreatedStartsClean() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        recording.lsetxattr(file, "user.a", new byte[] {1});
        recording.mkWhiteout(dir.resolve("w"));
        Files.delete(file);
        Files.delete(dir.resolve("w"));
        Files.createFile(file);
        Files.createFile(dir.resolve("w"));
        assertThat(recording.xattrs(file)).isEmpty();
        assertThat(recording.node(dir.resolve("w"))).isEmpty();
        assertThat(recording.lstat(dir.resolve("w")).isRegularFile()).isTrue();
    }

    @Test
    void stateBelongsToTheInode_hardLinksShareIt() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        Path hard = Files.createLink(dir.resolve("h"), file);
        recording.lchown(file, 7, 8);
        assertThat(recording.lstat(hard).uid()).isEqualTo(7);
    }

    @Test
    void refuseXattrs_failsLikeAFileSystemWithoutTheNamespace() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        recording.refuseXattrs("security.", Errno.EOPNOTSUPP);
        assertThatThrownBy(() -> recording.lsetxattr(file, "security.selinux", new byte[] {1}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        recording.lsetxattr(file, "user.ok", new byte[] {1});
    }

    @Test
    void lsetxattr_unknownNamespace_failsWithEopnotsupp() throws IOException {
        Path file = Files.createFile(dir.resolve("f"));
        assertThatThrownBy(() -> recording.lsetxattr(file, "bogus.x", new byte[] {1}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
    }

    @Test
    void fifo_hasNoDeviceNumbers() throws IOException {
        Path fifo = dir.resolve("p");
        recording.mknod(fifo, NodeType.FIFO, 0644, 5, 6);
        assertThat(recording.lstat(fifo).rdevMajor()).isZero();
    }
}
