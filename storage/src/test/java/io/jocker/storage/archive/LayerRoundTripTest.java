package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apply a layer, diff the directory back: the same entries come out (whiteouts and opaque
 * markers included), and a second round gives the same bytes. Against the fake; the root suite
 * runs the same layer against the kernel.
 */
class LayerRoundTripTest {
    @TempDir
    Path tmp;

    /** In the differ's order, with the modes Docker gives whiteout markers. */
    static byte[] layer() {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        return new TarBuilder()
                .dir("bin/")
                .file("bin/ping", "elf".getBytes(StandardCharsets.UTF_8), 04755, 0, 0,
                        Map.of("security.capability", capability))
                .entry(new TarWriter.Header("bin/ping6", TarWriter.Header.HARDLINK, 04755, 0, 0, 0, TarBuilder.MTIME,
                        "bin/ping", 0, 0, Map.of("security.capability", capability)), null)
                .symlink("bin/sh", "/bin//busybox")
                .symlink("bin/up", "../")
                .dir("dev/")
                .fifo("dev/initctl")
                .device("dev/null", TarWriter.Header.CHAR, 1, 3)
                .dir("etc/")
                .file("etc/.wh.motd", new byte[0], 0600, 0, 0, Map.of())
                .file("etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644, 0, 0, Map.of())
                .dir("home/", 0755, Map.of())
                .dir("home/user/", 0700, Map.of("user.note", "hi".getBytes(StandardCharsets.UTF_8)))
                .file("home/user/.profile", "x".getBytes(StandardCharsets.UTF_8), 0600, 1000, 1000, Map.of())
                .dir("tmp/", 01777, Map.of())
                .dir("var/")
                .dir("var/cache/")
                .file("var/cache/.wh..wh..opq", new byte[0], 0755, 0, 0, Map.of())
                .file("var/cache/" + "long-".repeat(30), "l")
                .file("var/données", "u")
                .build();
    }

    static void roundTrip(FileSystemOps fs, Path tmp) throws IOException {
        byte[] original = layer();
        Path first = Files.createDirectory(tmp.resolve("first"));
        new LayerApplier(fs).apply(new ByteArrayInputStream(original), first);

        ByteArrayOutputStream diffed = new ByteArrayOutputStream();
        var diffId = new LayerDiffer(fs).diff(first, diffed);

        List<String> expected = TarListing.of(original);
        assertThat(TarListing.of(diffed.toByteArray())).containsExactlyElementsOf(expected);
        // Our writer wrote the original too, so even the bytes agree.
        assertThat(diffId.toString()).isEqualTo(TarBuilder.sha256(original));

        Path second = Files.createDirectory(tmp.resolve("second"));
        new LayerApplier(fs).apply(new ByteArrayInputStream(diffed.toByteArray()), second);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        new LayerDiffer(fs).diff(second, again);
        assertThat(again.toByteArray()).isEqualTo(diffed.toByteArray());
    }

    @Test
    void applyThenDiff_givesTheSameEntries() throws IOException {
        roundTrip(new RecordingFileSystemOps(), tmp.toRealPath());
    }
}
