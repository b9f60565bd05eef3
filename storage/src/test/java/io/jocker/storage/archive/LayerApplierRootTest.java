package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier against the kernel: real device nodes, whiteouts, trusted.* xattrs and owners. */
@Tag("root")
class LayerApplierRootTest {
    private final FileSystemOps fs = FileSystemOps.nativeOps();

    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
        root = Files.createDirectory(tmp.resolve("root"));
    }

    @Test
    void apply_asRoot_makesRealNodesOwnersModesAndXattrs() throws IOException {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "old");
        byte[] layer = new TarBuilder()
                .dir("bin/")
                .file("bin/ping", "elf".getBytes(StandardCharsets.UTF_8), 04755, 1000, 1001,
                        Map.of("security.capability", capability))
                .file("bin/sgid", new byte[0], 02711, 0, 42, Map.of())
                .dir("dev/")
                .device("dev/null", TarWriter.Header.CHAR, 1, 3)
                .device("dev/loop9", TarWriter.Header.BLOCK_DEVICE, 7, 9)
                .fifo("dev/initctl")
                .file("etc/.wh.motd", "")
                .dir("tmp/", 01777, Map.of())
                .dir("var/")
                .file("var/.wh..wh..opq", "")
                .symlink("var/link", "/nowhere")
                .build();
        new LayerApplier(fs).apply(new ByteArrayInputStream(layer), root);

        FileStat ping = fs.lstat(root.resolve("bin/ping"));
        assertThat(ping.uid()).isEqualTo(1000);
        assertThat(ping.gid()).isEqualTo(1001);
        assertThat(ping.permissions()).isEqualTo(04755);
        assertThat(fs.lgetxattr(root.resolve("bin/ping"), "security.capability"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly(capability));
        assertThat(fs.lstat(root.resolve("bin/sgid")).permissions()).isEqualTo(02711);
        assertThat(fs.lstat(root.resolve("bin/sgid")).gid()).isEqualTo(42);

        FileStat devNull = fs.lstat(root.resolve("dev/null"));
        assertThat(devNull.isCharDevice()).isTrue();
        assertThat(devNull.rdevMajor()).isEqualTo(1);
        assertThat(devNull.rdevMinor()).isEqualTo(3);
        assertThat(devNull.permissions()).isEqualTo(0660);
        assertThat(fs.lstat(root.resolve("dev/loop9")).isBlockDevice()).isTrue();
        assertThat(fs.lstat(root.resolve("dev/initctl")).isFifo()).isTrue();

        assertThat(fs.lstat(root.resolve("etc/motd")).isWhiteout()).isTrue();
        assertThat(fs.lstat(root.resolve("tmp")).permissions()).isEqualTo(01777);
        assertThat(fs.lgetxattr(root.resolve("var"), "trusted.overlay.opaque"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly('y'));
        assertThat(Files.readSymbolicLink(root.resolve("var/link"))).isEqualTo(Path.of("/nowhere"));
    }

    @Test
    void applyThenDiff_withTheKernel_givesTheSameEntries() throws IOException {
        LayerRoundTripTest.roundTrip(fs, tmp);
    }
}
