package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers made by GNU tar (pax and gnu formats, sparse files, xattrs), and ours read by it. */
class GnuTarInteropTest {
    @TempDir
    Path tmp;

    Path source;
    final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "GNU tar is not installed");
        tmp = tmp.toRealPath();
        source = Files.createDirectory(tmp.resolve("source"));
        Files.createDirectories(source.resolve("d/" + "deep/".repeat(30)));
        Files.writeString(source.resolve("d/" + "deep/".repeat(30) + "file"), "deep");
        Files.writeString(source.resolve("f"), "content");
        Files.createLink(source.resolve("hard"), source.resolve("f"));
        Files.createSymbolicLink(source.resolve("link"), Path.of("f"));
        try (RandomAccessFile sparse = new RandomAccessFile(source.resolve("sparse").toFile(), "rw")) {
            sparse.setLength(4 << 20);
            sparse.seek(3 << 20);
            sparse.write("tail".getBytes(StandardCharsets.UTF_8));
        }
        FileSystemOps.nativeOps().lsetxattr(source.resolve("f"), "user.mime", new byte[] {'t', (byte) 0xe9});
    }

    private byte[] gnuTar(String format) throws Exception {
        Path out = tmp.resolve("layer-" + format + ".tar");
        run("tar", "--format=" + format, "--xattrs", "--xattrs-include=user.*", "--sparse", "-C", source.toString(),
                "-cf", out.toString(), ".");
        return Files.readAllBytes(out);
    }

    @Test
    void paxAndGnuFormats_applyWithNamesLinksSparseFilesAndXattrs() throws Exception {
        for (String format : List.of("posix", "gnu")) {
            Path root = Files.createDirectory(tmp.resolve("root-" + format));
            byte[] layer = gnuTar(format);
            var applied = new LayerApplier(fs).apply(new ByteArrayInputStream(layer), root);
            assertThat(applied.diffId().toString()).isEqualTo(TarBuilder.sha256(layer));
            assertThat(root.resolve("d/" + "deep/".repeat(30) + "file")).as(format).hasContent("deep");
            assertThat(Files.isSameFile(root.resolve("f"), root.resolve("hard"))).as(format).isTrue();
            assertThat(Files.readSymbolicLink(root.resolve("link"))).as(format).isEqualTo(Path.of("f"));
            assertThat(Files.size(root.resolve("sparse"))).as(format).isEqualTo(4 << 20);
            assertThat(Files.readAllBytes(root.resolve("sparse"))).as(format)
                    .isEqualTo(Files.readAllBytes(source.resolve("sparse")));
            if (format.equals("posix")) {
                assertThat(fs.xattrs(root.resolve("f")).get("user.mime")).containsExactly('t', 0xe9);
            }
        }
    }

    @Test
    void ourDiff_isReadByGnuTar() throws Exception {
        Path layer = tmp.resolve("ours.tar");
        try (var out = Files.newOutputStream(layer)) {
            new LayerDiffer(FileSystemOps.nativeOps()).diff(source, out);
        }
        Path extracted = Files.createDirectory(tmp.resolve("extracted"));
        run("tar", "--xattrs", "--xattrs-include=user.*", "-C", extracted.toString(), "-xf", layer.toString());
        assertThat(extracted.resolve("d/" + "deep/".repeat(30) + "file")).hasContent("deep");
        assertThat(Files.isSameFile(extracted.resolve("f"), extracted.resolve("hard"))).isTrue();
        assertThat(FileSystemOps.nativeOps().lgetxattr(extracted.resolve("f"), "user.mime"))
                .hasValueSatisfying(v -> assertThat(v).containsExactly('t', 0xe9));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
