package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("root")
class NaiveSnapshotterRootTest extends MountedSnapshotterContract {
    @Override
    protected Snapshotter open(Path root) {
        return Snapshotters.naive(root);
    }

    @Test
    void prepare_copiesOwnersModesXattrsAndDevicesOnTheKernel() throws IOException {
        snapshotter.prepare("extract", null);
        Path layer = snapshotter.activeDir("extract");
        Path su = Files.writeString(layer.resolve("su"), "elf");
        fs.lchown(su, 1234, 5678);
        fs.chmod(su, 04755);
        fs.lsetxattr(su, "trusted.jocker.test", "t".getBytes(StandardCharsets.US_ASCII));
        fs.lsetxattr(su, "user.jocker.test", "u".getBytes(StandardCharsets.US_ASCII));
        fs.mknod(layer.resolve("null"), FileSystemOps.NodeType.CHAR_DEVICE, 0666, 1, 3);
        fs.mknod(layer.resolve("fifo"), FileSystemOps.NodeType.FIFO, 0600, 0, 0);
        Files.createLink(layer.resolve("su2"), su);
        snapshotter.commit("sha256:devices", "extract");

        snapshotter.prepare("ctr", "sha256:devices");
        Path copy = snapshotter.activeDir("ctr");

        FileStat suCopy = fs.lstat(copy.resolve("su"));
        assertThat(Integer.toUnsignedLong(suCopy.uid())).isEqualTo(1234);
        assertThat(Integer.toUnsignedLong(suCopy.gid())).isEqualTo(5678);
        assertThat(suCopy.permissions()).isEqualTo(04755);
        assertThat(suCopy.links()).isEqualTo(2);
        assertThat(fs.lgetxattr(copy.resolve("su"), "trusted.jocker.test")).hasValueSatisfying(
                v -> assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("t"));
        assertThat(fs.lgetxattr(copy.resolve("su"), "user.jocker.test")).isPresent();
        FileStat nullCopy = fs.lstat(copy.resolve("null"));
        assertThat(nullCopy.isCharDevice()).isTrue();
        assertThat(nullCopy.rdevMajor()).isEqualTo(1);
        assertThat(nullCopy.rdevMinor()).isEqualTo(3);
        assertThat(fs.lstat(copy.resolve("fifo")).isFifo()).isTrue();
    }
}
