package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.linux.fs.Errno;
import io.jocker.linux.fs.ErrnoException;
import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.RecordingFileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps.Call;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the applier makes of well-formed layers, against the fake seam (no root needed). */
class LayerApplierTest {
    @TempDir
    Path tmp;

    Path root;
    final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.toRealPath().resolve("root"));
    }

    private AppliedLayer apply(byte[] layer) throws IOException {
        return new LayerApplier(fs).apply(new ByteArrayInputStream(layer), root);
    }

    private static byte[] sample() {
        return new TarBuilder().dir("etc/").file("etc/hostname", "box\n").dir("usr/").dir("usr/bin/")
                .file("usr/bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 04755, 0, 0, Map.of())
                .symlink("bin", "usr/bin").hardlink("usr/bin/tool2", "usr/bin/tool", 04755).build();
    }

    @Test
    void apply_plainTar_makesTheTreeAndReturnsTheSha256OfTheStream() throws IOException {
        byte[] tar = sample();
        AppliedLayer applied = apply(tar);
        assertThat(applied.diffId().toString()).isEqualTo(TarBuilder.sha256(tar));
        assertThat(applied.compression()).isEqualTo(Compression.NONE);
        assertThat(applied.size()).isEqualTo(4 + 10);
        assertThat(root.resolve("etc/hostname")).hasContent("box");
        assertThat(Files.readSymbolicLink(root.resolve("bin"))).isEqualTo(Path.of("usr/bin"));
        assertThat(Files.isSameFile(root.resolve("usr/bin/tool"), root.resolve("usr/bin/tool2"))).isTrue();
        assertThat(fs.lstat(root.resolve("usr/bin/tool")).permissions()).isEqualTo(04755);
    }

    @Test
    void apply_gzipAndZstd_giveTheDiffIdOfTheDecompressedBytes() throws IOException {
        byte[] tar = sample();
        AppliedLayer gzip = apply(TarBuilder.gzip(tar));
        assertThat(gzip.compression()).isEqualTo(Compression.GZIP);
        assertThat(gzip.diffId().toString()).isEqualTo(TarBuilder.sha256(tar));
        Path other = Files.createDirectory(tmp.resolve("other"));
        AppliedLayer zstd = new LayerApplier(fs).apply(new ByteArrayInputStream(TarBuilder.zstd(tar)), other);
        assertThat(zstd.compression()).isEqualTo(Compression.ZSTD);
        assertThat(zstd.diffId()).isEqualTo(gzip.diffId());
        assertThat(other.resolve("etc/hostname")).hasContent("box");
    }

    @Test
    void apply_concatenatedGzipMembers_areOneStream() throws IOException {
        byte[] tar = sample();
        byte[] first = TarBuilder.gzip(Arrays.copyOf(tar, 1000));
        byte[] second = TarBuilder.gzip(Arrays.copyOfRange(tar, 1000, tar.length));
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(first);
        both.writeBytes(second);
        assertThat(apply(both.toByteArray()).diffId().toString()).isEqualTo(TarBuilder.sha256(tar));
    }

    @Test
    void apply_bytesAfterTheEndMarker_countInTheDiffId() throws IOException {
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        layer.writeBytes(sample());
        layer.writeBytes(new byte[9216]); // padding to a 10 KiB record, as GNU tar writes
        layer.writeBytes("trailing".getBytes(StandardCharsets.UTF_8));
        assertThat(apply(layer.toByteArray()).diffId().toString()).isEqualTo(TarBuilder.sha256(layer.toByteArray()));
    }

    @Test
    void apply_emptyStream_isAnEmptyLayer() throws IOException {
        assertThat(apply(new byte[0]).diffId().toString()).isEqualTo(TarBuilder.sha256(new byte[0]));
    }

    @Test
    void apply_whiteout_removesWhatIsThereAndMakesAnOverlayWhiteout() throws IOException {
        Files.createDirectories(root.resolve("var/cache/apt"));
        Files.writeString(root.resolve("var/cache/apt/pkg"), "x");
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/motd"), "hello");
        apply(new TarBuilder().file("etc/.wh.motd", "").file("var/.wh.cache", "").file("var/.wh.never-there", "")
                .build());
        for (String path : new String[] {"etc/motd", "var/cache", "var/never-there"}) {
            assertThat(fs.node(root.resolve(path))).as(path).hasValueSatisfying(n -> assertThat(n.isWhiteout()).isTrue());
        }
        assertThat(root.resolve("etc/.wh.motd")).doesNotExist();
        assertThat(fs.lstat(root.resolve("etc/motd")).uid()).isZero();
    }

    @Test
    void apply_whiteoutOwnedByAUser_isChowned() throws IOException {
        apply(new TarBuilder().file("home/.wh.gone", new byte[0], 0644, 1000, 1000, Map.of()).build());
        assertThat(fs.calls("lchown")).containsExactly(new Call("lchown", root.resolve("home/gone"), "1000:1000"));
        assertThat(fs.lstat(root.resolve("home/gone")).uid()).isEqualTo(1000);
    }

    @Test
    void apply_opaqueMarker_setsTheXattrOnTheParentAndWritesNoFile() throws IOException {
        apply(new TarBuilder().dir("var/").dir("var/lib/").file("var/lib/.wh..wh..opq", "").file("var/lib/new", "n")
                .build());
        assertThat(fs.xattrs(root.resolve("var/lib"))).containsOnlyKeys("trusted.overlay.opaque");
        assertThat(fs.xattrs(root.resolve("var/lib")).get("trusted.overlay.opaque")).containsExactly('y');
        assertThat(root.resolve("var/lib/.wh..wh..opq")).doesNotExist();
        assertThat(root.resolve("var/lib/new")).exists();
    }

    @Test
    void apply_ownerXattrsModeThenTimes_inDockersOrder() throws IOException {
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        apply(new TarBuilder().file("ping", "elf".getBytes(StandardCharsets.UTF_8), 04711, 1000, 1001,
                Map.of("security.capability", capability)).build());
        Path ping = root.resolve("ping");
        assertThat(fs.calls()).filteredOn(c -> c.path().equals(ping)).extracting(Call::operation)
                .containsExactly("lchown", "lsetxattr", "chmod", "lutimes");
        assertThat(fs.xattrs(ping).get("security.capability")).containsExactly(capability);
        FileStat stat = fs.lstat(ping);
        assertThat(stat.uid()).isEqualTo(1000);
        assertThat(stat.gid()).isEqualTo(1001);
        assertThat(stat.permissions()).isEqualTo(04711);
        assertThat(stat.modifiedTime()).isEqualTo(FileTime.fromMillis(TarBuilder.MTIME * 1000));
    }

    @Test
    void apply_directoryTimes_areSetAfterTheirChildren() throws IOException {
        apply(new TarBuilder().dir("d/", 01777, Map.of()).file("d/a", "a").file("d/b", "b").build());
        var calls = fs.calls().stream().map(c -> c.operation() + " " + root.relativize(c.path())).toList();
        assertThat(calls.indexOf("lutimes d")).isGreaterThan(calls.indexOf("lutimes d/b"));
        assertThat(fs.lstat(root.resolve("d")).permissions()).isEqualTo(01777);
        assertThat(fs.lstat(root.resolve("d")).modifiedTime()).isEqualTo(FileTime.fromMillis(TarBuilder.MTIME * 1000));
    }

    @Test
    void apply_hardlinkToAnInodeWithThatOwner_isNotChownedAgain() throws IOException {
        apply(new TarBuilder().file("a", "x".getBytes(StandardCharsets.UTF_8), 04755, 5, 5, Map.of())
                .entry(new TarWriter.Header("b", TarWriter.Header.HARDLINK, 04755, 5, 5, 0, TarBuilder.MTIME, "a", 0, 0,
                        Map.of()), null)
                .entry(new TarWriter.Header("c", TarWriter.Header.HARDLINK, 04755, 6, 6, 0, TarBuilder.MTIME, "a", 0, 0,
                        Map.of()), null)
                .build());
        assertThat(fs.calls("lchown")).extracting(c -> root.relativize(c.path()).toString())
                .containsExactly("a", "c");
    }

    @Test
    void apply_symlink_isVerbatimAndGetsOwnerAndTimesButNoMode() throws IOException {
        apply(new TarBuilder().symlink("link", "/etc//passwd/").build());
        Path link = root.resolve("link");
        assertThat(fs.calls()).filteredOn(c -> c.path().equals(link)).extracting(Call::operation)
                .containsExactly("symlink", "lchown", "lutimes");
        assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("/etc//passwd/");
    }

    @Test
    void apply_xattrRefusedWithEperm_isSkippedAsDockerDoes() throws IOException {
        fs.refuseXattrs("trusted.", Errno.EPERM);
        apply(new TarBuilder().file("f", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                Map.of("trusted.jocker", new byte[] {1})).build());
        assertThat(root.resolve("f")).hasContent("x");
    }

    @Test
    void apply_xattrTheFileSystemLacks_failsUnlessBestEffort() throws IOException {
        fs.refuseXattrs("security.", Errno.EOPNOTSUPP);
        byte[] layer = new TarBuilder().file("f", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                Map.of("security.selinux", "label".getBytes(StandardCharsets.UTF_8))).build();
        assertThatThrownBy(() -> apply(layer))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP));
        Path other = Files.createDirectory(tmp.resolve("other"));
        new LayerApplier(fs, LayerApplier.Options.defaults().withBestEffortXattrs(true))
                .apply(new ByteArrayInputStream(layer), other);
        assertThat(other.resolve("f")).hasContent("x");
    }

    @Test
    void apply_overlayXattrsOtherThanOpaque_areIgnored() throws IOException {
        apply(new TarBuilder().dir("d/", 0755, Map.of("trusted.overlay.redirect", "/etc".getBytes(StandardCharsets.UTF_8),
                "trusted.overlay.opaque", new byte[] {'y'}, "user.keep", new byte[] {1})).build());
        assertThat(fs.xattrs(root.resolve("d"))).containsOnlyKeys("trusted.overlay.opaque", "user.keep");
    }

    @Test
    void apply_devicesAndFifos_goThroughTheSeam() throws IOException {
        apply(new TarBuilder().dir("dev/").device("dev/null", TarWriter.Header.CHAR, 1, 3)
                .device("dev/loop0", TarWriter.Header.BLOCK_DEVICE, 7, 0).fifo("dev/initctl").build());
        assertThat(fs.lstat(root.resolve("dev/null")).isCharDevice()).isTrue();
        assertThat(fs.lstat(root.resolve("dev/null")).rdevMinor()).isEqualTo(3);
        assertThat(fs.lstat(root.resolve("dev/loop0")).isBlockDevice()).isTrue();
        assertThat(fs.lstat(root.resolve("dev/initctl")).isFifo()).isTrue();
        assertThat(fs.lstat(root.resolve("dev/null")).permissions()).isEqualTo(0660);
    }

    @Test
    void apply_skipDeviceNodes_leavesDevicesOutButKeepsFifos() throws IOException {
        new LayerApplier(fs, LayerApplier.Options.defaults().withSkipDeviceNodes(true))
                .apply(new ByteArrayInputStream(new TarBuilder().device("null", TarWriter.Header.CHAR, 1, 3)
                        .fifo("fifo").build()), root);
        assertThat(root.resolve("null")).doesNotExist();
        assertThat(fs.lstat(root.resolve("fifo")).isFifo()).isTrue();
    }

    @Test
    void apply_longAndNonAsciiNames_viaPax() throws IOException {
        String longName = "a/".repeat(60) + "file-" + "x".repeat(150);
        String unicode = "données/ファイル";
        apply(new TarBuilder().file(longName, "long").file(unicode, "u").symlink("l", "t/".repeat(80)).build());
        assertThat(root.resolve(longName)).hasContent("long");
        assertThat(root.resolve(unicode)).hasContent("u");
        assertThat(Files.readSymbolicLink(root.resolve("l")).toString()).isEqualTo("t/".repeat(80));
    }

    @Test
    void apply_gnuLongNamesAndBigNumbers_fromCommonsWriter() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String longName = "dir/" + "n".repeat(200);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_STAR);
            TarArchiveEntry file = new TarArchiveEntry(longName);
            file.setSize(2);
            file.setUserId(3_000_000);
            file.setGroupId(3_000_001);
            tar.putArchiveEntry(file);
            tar.write("hi".getBytes(StandardCharsets.UTF_8));
            tar.closeArchiveEntry();
            TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("target/" + "t".repeat(200));
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        apply(out.toByteArray());
        assertThat(root.resolve(longName)).hasContent("hi");
        assertThat(fs.lstat(root.resolve(longName)).uid()).isEqualTo(3_000_000);
        assertThat(fs.lstat(root.resolve(longName)).gid()).isEqualTo(3_000_001);
        assertThat(Files.readSymbolicLink(root.resolve("link")).toString()).endsWith("t".repeat(200));
    }

    @Test
    void apply_impliedParents_areMade0755() throws IOException {
        apply(new TarBuilder().file("a/b/c/file", "x").build());
        assertThat(fs.lstat(root.resolve("a/b")).permissions()).isEqualTo(0755);
        assertThat(fs.calls("chmod")).extracting(Call::detail).startsWith("0755", "0755", "0755");
        assertThat(root.resolve("a/b/c/file")).hasContent("x");
    }

    @Test
    void apply_rootEntry_isSkipped() throws IOException {
        apply(new TarBuilder().dir("./", 0700, Map.of()).dir("/", 0700, Map.of()).file("./x", "x").build());
        assertThat(fs.calls()).noneMatch(c -> c.path().equals(root));
        assertThat(root.resolve("x")).hasContent("x");
    }

    @Test
    void apply_laterEntryForTheSamePath_wins() throws IOException {
        apply(new TarBuilder().file("f", "first").file("f", "second").symlink("s", "a").symlink("s", "b")
                .dir("d/", 0700, Map.of()).dir("d/", 0755, Map.of()).build());
        assertThat(root.resolve("f")).hasContent("second");
        assertThat(Files.readSymbolicLink(root.resolve("s"))).isEqualTo(Path.of("b"));
        assertThat(fs.lstat(root.resolve("d")).permissions()).isEqualTo(0755);
    }

    @Test
    void apply_directoryReplacedByFile_isRefusedUnlessAllowed() throws IOException {
        Files.createDirectories(root.resolve("d/sub"));
        byte[] layer = new TarBuilder().file("d", "file").build();
        assertThatThrownBy(() -> apply(layer)).isInstanceOf(EngineException.class)
                .hasMessage("cannot overwrite directory \"d\" with non-directory \"" + root + "\"");
        Files.writeString(root.resolve("f"), "file");
        assertThatThrownBy(() -> apply(new TarBuilder().dir("f/").build())).isInstanceOf(EngineException.class)
                .hasMessage("cannot overwrite non-directory \"f\" with directory \"" + root + "\"");
        new LayerApplier(fs, LayerApplier.Options.defaults().withReplaceDirectories(true))
                .apply(new ByteArrayInputStream(layer), root);
        assertThat(root.resolve("d")).hasContent("file");
    }

    @Test
    void apply_timesBeforeTheEpoch_becomeTheEpochAsInDocker() throws IOException {
        apply(new TarBuilder().entry(new TarWriter.Header("old", TarWriter.Header.REGULAR, 0644, 0, 0, 0, -100, null,
                0, 0, Map.of()), new byte[0]).build());
        assertThat(fs.lstat(root.resolve("old")).modifiedTime()).isEqualTo(FileTime.fromMillis(0));
    }

    @Test
    void apply_doesNotCloseTheCallersStream() throws IOException {
        boolean[] closed = {false};
        var in = new ByteArrayInputStream(sample()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        new LayerApplier(fs).apply(in, root);
        assertThat(closed[0]).isFalse();
    }

    @Test
    void cleanAndIsLocal_followGo() {
        assertThat(LayerApplier.clean("/etc//passwd")).isEqualTo("etc/passwd");
        assertThat(LayerApplier.clean("./a/./b/../c/")).isEqualTo("a/c");
        assertThat(LayerApplier.clean("a/../../x")).isEqualTo("../x");
        assertThat(LayerApplier.clean("/../x")).isEqualTo("../x");
        assertThat(LayerApplier.clean("./")).isEqualTo(".");
        assertThat(LayerApplier.isLocal("../x")).isFalse();
        assertThat(LayerApplier.isLocal("..")).isFalse();
        assertThat(LayerApplier.isLocal("..x/y")).isTrue();
        assertThat(LayerApplier.quote("a\"b\\c\n\u0001")).isEqualTo("\"a\\\"b\\\\c\\n\\x01\"");
    }
}
