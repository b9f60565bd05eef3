package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.linux.fs.FileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile layers: each test applies a tarball built to escape the root, exhaust the disk or
 * confuse the reader, and checks the error is clear and that nothing outside the root changed
 * (a sibling directory with a secret file, and the host's /etc for absolute names). Runs with the
 * fake and, as root, with the kernel.
 */
abstract class HostileLayerContract {
    @TempDir
    Path tmp;

    Path root;
    Path outside;
    Path secret;
    Map<String, String> before;
    /** A host path an absolute entry name points at; it must never appear. */
    final String hostName = "etc/jocker-hostile-" + UUID.randomUUID();

    protected abstract FileSystemOps ops();

    /** The options every apply starts from; a subclass picks the whiteout mode. */
    protected LayerApplier.Options options() {
        return LayerApplier.Options.defaults();
    }

    private boolean deleting() {
        return options().whiteoutMode() == WhiteoutMode.DELETE;
    }

    LayerApplier applier() {
        return new LayerApplier(ops(), options());
    }

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        secret = Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectory(outside.resolve("dir"));
        before = HostTree.snapshot(outside);
    }

    @AfterEach
    void outsideIsUntouched() throws IOException {
        assertThat(HostTree.snapshot(outside)).isEqualTo(before);
        assertThat(Path.of("/" + hostName)).doesNotExist();
    }

    private AppliedLayer apply(byte[] layer) throws IOException {
        return applier().apply(new ByteArrayInputStream(layer), root);
    }

    private void assertRefused(byte[] layer, String message) {
        assertThatThrownBy(() -> apply(layer))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    private String outsideInRoot() {
        return outside.toString().substring(1);
    }

    @Test
    void dotDotName_isRefused() {
        assertRefused(new TarBuilder().file("../outside/x", "pwned").build(), "invalid entry name \"../outside/x\"");
        assertRefused(new TarBuilder().dir("a/").file("a/../../outside/x", "pwned").build(),
                "invalid entry name \"a/../../outside/x\"");
    }

    @Test
    void dotDotThatStaysInside_isCleaned() throws IOException {
        apply(new TarBuilder().dir("a/").file("a/../b", "ok").build());
        assertThat(root.resolve("b")).hasContent("ok");
    }

    @Test
    void absoluteName_isReRootedUnderTheRoot() throws IOException {
        apply(new TarBuilder().file("/" + hostName, "inside").file("//" + outside + "/secret", "inside").build());
        assertThat(root.resolve(hostName)).hasContent("inside");
        assertThat(root.resolve(outsideInRoot()).resolve("secret")).hasContent("inside");
    }

    @Test
    void writeThroughAbsoluteSymlink_landsInsideTheRoot() throws IOException {
        apply(new TarBuilder().symlink("evil", outside.toString()).file("evil/secret", "pwned")
                .file("evil/dir/x", "pwned").build());
        assertThat(Files.readSymbolicLink(root.resolve("evil"))).isEqualTo(outside);
        assertThat(root.resolve(outsideInRoot()).resolve("secret")).hasContent("pwned");
        assertThat(root.resolve(outsideInRoot()).resolve("dir/x")).hasContent("pwned");
    }

    @Test
    void writeThroughRelativeSymlinkClimbingOut_stopsAtTheRoot() throws IOException {
        apply(new TarBuilder().dir("a/").symlink("a/evil", "../../../../../../../../" + outsideInRoot())
                .file("a/evil/secret", "pwned").build());
        assertThat(root.resolve(outsideInRoot()).resolve("secret")).hasContent("pwned");
    }

    @Test
    void fileOverSymlinkToTheHost_replacesTheLinkNotTheTarget() throws IOException {
        apply(new TarBuilder().symlink("evil", secret.toString()).file("evil", "pwned").build());
        assertThat(Files.isSymbolicLink(root.resolve("evil"))).isFalse();
        assertThat(root.resolve("evil")).hasContent("pwned");
    }

    @Test
    void symlinkOverSymlinkThenDirectoryThrough_staysInside() throws IOException {
        apply(new TarBuilder().symlink("d", "/").symlink("d", outside.toString()).dir("d/dir/").build());
        assertThat(root.resolve(outsideInRoot()).resolve("dir")).isDirectory();
    }

    @Test
    void whiteoutThroughSymlink_removesInsideTheRoot() throws IOException {
        apply(new TarBuilder().symlink("evil", outside.toString()).file("evil/secret", "inside")
                .file("evil/.wh.secret", "").file("evil/.wh.dir", "").build());
        Path inRoot = root.resolve(outsideInRoot());
        if (deleting()) {
            assertThat(inRoot).isEmptyDirectory();
        } else {
            assertThat(ops().lstat(inRoot.resolve("secret")).isWhiteout()).isTrue();
            assertThat(ops().lstat(inRoot.resolve("dir")).isWhiteout()).isTrue();
        }
    }

    @Test
    void opaqueMarkerThroughSymlink_marksInsideTheRoot() throws IOException {
        byte[] layer = new TarBuilder().symlink("evil", outside.toString()).file("evil/.wh..wh..opq", "").build();
        if (deleting()) {
            // A deletion creates no directories, so the link's in-root target is missing.
            assertThatThrownBy(() -> apply(layer)).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.getMessage()).startsWith("cannot extract \"evil/.wh..wh..opq\"")
                            .contains("ENOENT"));
            return;
        }
        apply(layer);
        assertThat(ops().lgetxattr(root.resolve(outsideInRoot()), "trusted.overlay.opaque")).isPresent();
    }

    @Test
    void opaqueMarkerThroughSymlinkAfterWritingThere_emptiesOnlyInsideTheRoot() throws IOException {
        apply(new TarBuilder().symlink("evil", outside.toString()).file("evil/dir/x", "inside")
                .file("evil/.wh..wh..opq", "").file("evil/y", "after").build());
        Path inRoot = root.resolve(outsideInRoot());
        assertThat(inRoot.resolve("dir/x")).hasContent("inside");
        assertThat(inRoot.resolve("y")).hasContent("after");
    }

    @Test
    void hardlinkClimbingOut_isRefused() {
        assertRefused(new TarBuilder().hardlink("h", "../outside/secret").build(),
                "invalid hardlink target \"../outside/secret\"");
        assertRefused(new TarBuilder().hardlink("h", "/../outside/secret").build(),
                "invalid hardlink target \"/../outside/secret\"");
    }

    @Test
    void hardlinkToAbsoluteHostPath_isReRootedAndMissing() {
        assertRefused(new TarBuilder().hardlink("h", secret.toString()).build(),
                "invalid hardlink target " + LayerApplier.quote(secret.toString()) + ": no such file in the layer");
    }

    @Test
    void hardlinkThroughSymlinkedParent_isReRooted() throws IOException {
        assertRefused(new TarBuilder().symlink("s", outside.toString()).hardlink("h", "s/secret").build(),
                "invalid hardlink target \"s/secret\": no such file in the layer");
        // Inside the root the same path is fine: it names the layer's own file.
        Files.walk(root).sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(root))
                .forEach(p -> p.toFile().delete());
        apply(new TarBuilder().symlink("s", outside.toString()).file("s/secret", "mine").hardlink("h", "s/secret")
                .build());
        assertThat(root.resolve("h")).hasContent("mine");
    }

    @Test
    void hardlinkToSymlinkPointingOut_linksTheSymlinkItself() throws IOException {
        apply(new TarBuilder().symlink("l", secret.toString()).hardlink("h", "l").build());
        assertThat(Files.isSymbolicLink(root.resolve("h"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("h"))).isEqualTo(secret);
        assertThat(Files.getAttribute(secret, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void hardlinkToADirectory_isRefused() {
        assertRefused(new TarBuilder().dir("d/").hardlink("h", "d").build(),
                "invalid hardlink target \"d\": is a directory");
    }

    @Test
    void hardlinkToItself_isRefused() {
        assertRefused(new TarBuilder().file("f", "x").hardlink("f", "f").build(),
                "invalid hardlink target \"f\": no such file in the layer");
    }

    @Test
    void parentThatIsAFile_isRefused() {
        assertThatThrownBy(() -> apply(new TarBuilder().file("f", "x").file("f/g", "y").build()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage())
                        .startsWith("cannot extract \"f/g\": resolve " + root.resolve("f")).contains("ENOTDIR"));
    }

    @Test
    void symlinkLoopAsParent_isRefused() {
        assertThatThrownBy(() -> apply(new TarBuilder().symlink("a", "b").symlink("b", "a").file("a/x", "y").build()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage()).contains("ELOOP"));
    }

    @Test
    void hugeClaimWithShortStream_isUnexpectedEof() throws IOException {
        TarArchiveEntry big = new TarArchiveEntry("big");
        big.setSize(10L << 30);
        byte[] layer = new TarBuilder().raw(big, new byte[4096]).withoutEnd();
        assertRefused(layer, "unexpected EOF");
        assertThat(Files.size(root.resolve("big"))).isEqualTo(4096);
    }

    @Test
    void claimOverTheEntryLimit_isRefusedBeforeWriting() {
        TarArchiveEntry big = new TarArchiveEntry("big");
        big.setSize(10L << 30);
        byte[] layer = new TarBuilder().raw(big, new byte[4096]).withoutEnd();
        assertThatThrownBy(() -> new LayerApplier(ops(), options().withMaxEntrySize(1 << 20))
                .apply(new ByteArrayInputStream(layer), root))
                .hasMessage("layer entry \"big\" is 10737418240 bytes, over the limit of 1048576 bytes");
        assertThat(root.resolve("big")).doesNotExist();
    }

    @Test
    void gzipBomb_isCappedByTheEntryLimit() throws IOException {
        byte[] bomb = gzipOfZeroFile(64 << 20);
        assertThat(bomb.length).isLessThan(128 << 10);
        assertThatThrownBy(() -> new LayerApplier(ops(), options().withMaxEntrySize(1 << 20))
                .apply(new ByteArrayInputStream(bomb), root))
                .hasMessage("layer entry \"zeros\" is 67108864 bytes, over the limit of 1048576 bytes");
        assertThat(root.resolve("zeros")).doesNotExist();
    }

    @Test
    void gzipBombAfterTheEndMarker_isCappedByTheLayerLimit() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        assertThatThrownBy(() -> new LayerApplier(ops(), options().withMaxLayerSize(8 << 20))
                .apply(new ByteArrayInputStream(out.toByteArray()), root))
                .hasMessage("layer exceeds the size limit of 8388608 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 511, 512, 700, 1023, 1535, 1537, 2000})
    void truncatedPlainStream_isUnexpectedEof(int cut) {
        byte[] tar = new TarBuilder().file("a", "x".repeat(1000)).file("b", "y").build();
        // 0..511 header a, 512..1535 data a, 1536..2047 header b, 2048..2559 data b, then the end.
        assertRefused(Arrays.copyOf(tar, cut), "unexpected EOF");
    }

    @Test
    void streamCutAtAnEntryBoundary_isAcceptedAsGoDoes() throws IOException {
        byte[] tar = new TarBuilder().file("a", "x").file("b", "y").build();
        apply(Arrays.copyOf(tar, 1024));
        assertThat(root.resolve("a")).hasContent("x");
        assertThat(root.resolve("b")).doesNotExist();
    }

    @Test
    void truncatedGzipAndZstd_areUnexpectedEof() {
        byte[] tar = new TarBuilder().file("a", "x".repeat(100_000)).build();
        byte[] gz = TarBuilder.gzip(tar);
        byte[] zst = TarBuilder.zstd(tar);
        assertRefused(Arrays.copyOf(gz, gz.length / 2), "unexpected EOF");
        assertRefused(Arrays.copyOf(gz, 5), "unexpected EOF");
        assertRefused(Arrays.copyOf(zst, zst.length / 2), "unexpected EOF");
    }

    @Test
    void garbage_isInvalidTarHeader() {
        byte[] garbage = new byte[8192];
        new Random(42).nextBytes(garbage);
        garbage[0] = 'x'; // not a gzip or zstd magic
        assertRefused(garbage, "archive/tar: invalid tar header");
        assertRefused(Arrays.copyOf(garbage, 100), "unexpected EOF");
    }

    @Test
    void garbageAfterAGzipMagic_isAnInvalidLayer() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        garbage[0] = 0x1f;
        garbage[1] = (byte) 0x8b;
        assertThatThrownBy(() -> apply(garbage))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void corruptChecksumOfAPaxHeader_isInvalidTarHeader() {
        byte[] tar = new TarBuilder().file("a", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                TarBuilder.xattr("user.a", new byte[] {1})).build();
        tar[0] ^= 1; // the pax header's name
        assertRefused(tar, "archive/tar: invalid tar header");
    }

    @Test
    void twoPaxHeadersForOneEntry_areRefused() {
        byte[] first = new TarBuilder().file("a", "x".getBytes(StandardCharsets.UTF_8), 0644, 0, 0,
                TarBuilder.xattr("user.a", new byte[] {1})).withoutEnd();
        byte[] doubled = new TarBuilder().bytes(Arrays.copyOf(first, 1024)).bytes(first).build();
        assertRefused(doubled, "archive/tar: invalid tar header");
    }

    @Test
    void globalHeaderRenamingEntries_isRefused() throws IOException {
        TarArchiveEntry global = new TarArchiveEntry("pax_global_header", (byte) 'g');
        byte[] records = TarWriter.paxRecords(Map.of("path", "etc/passwd".getBytes(StandardCharsets.UTF_8)));
        global.setSize(records.length);
        assertRefused(new TarBuilder().raw(global, records).file("a", "x").build(),
                "archive/tar: global PAX header record \"path\" is not supported");
        TarArchiveEntry comment = new TarArchiveEntry("pax_global_header", (byte) 'g');
        byte[] commentRecords = TarWriter.paxRecords(Map.of("comment", "git".getBytes(StandardCharsets.UTF_8)));
        comment.setSize(commentRecords.length);
        apply(new TarBuilder().raw(comment, commentRecords).file("a", "x").build());
        assertThat(root.resolve("a")).hasContent("x");
    }

    @Test
    void unknownTypeFlag_isRefusedLikeDocker() {
        TarArchiveEntry contiguous = new TarArchiveEntry("c", (byte) '7');
        assertRefused(new TarBuilder().raw(contiguous, new byte[0]).build(), "unhandled tar header type 55");
    }

    @ParameterizedTest
    @ValueSource(strings = {".wh.", "d/.wh..", "d/.wh..."})
    void invalidWhiteoutNames_areRefused(String name) {
        assertRefused(new TarBuilder().file(name, "").build(), "invalid whiteout entry \"" + name + "\"");
    }

    @Test
    void ownerThatLchownWouldIgnore_isRefused() {
        assertRefused(new TarBuilder().file("f", new byte[0], 0644, 0xFFFF_FFFFL, 0, Map.of()).build(),
                "invalid uid 4294967295 of layer entry \"f\"");
    }

    @Test
    void nulInAName_isRefused() {
        TarArchiveEntry entry = new TarArchiveEntry("a");
        byte[] records = TarWriter.paxRecords(Map.of("path", "a\0b".getBytes(StandardCharsets.UTF_8)));
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders.0/a", (byte) 'x');
        pax.setSize(records.length);
        assertThatThrownBy(() -> apply(new TarBuilder().raw(pax, records).raw(entry, new byte[0]).build()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void failingSourceStream_isAnIoExceptionNotALayerError() {
        byte[] tar = new TarBuilder().file("a", "x".repeat(5000)).build();
        InputStream failing = new InputStream() {
            int left = 1000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("connection reset");
                }
                return tar[1000 - left - 1] & 0xff;
            }
        };
        assertThatThrownBy(() -> applier().apply(failing, root))
                .isExactlyInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void symlinkWithEmptyTarget_isRefused() {
        assertRefused(new TarBuilder().symlink("s", "").build(), "invalid symlink \"s\" -> \"\"");
    }

    @Test
    void deviceNodesOutsideTheRoot_areNotPossible() throws IOException {
        apply(new TarBuilder().symlink("dev", outside.toString())
                .device("dev/null", TarWriter.Header.CHAR, 1, 3).fifo("dev/fifo").build());
        assertThat(ops().lstat(root.resolve(outsideInRoot()).resolve("null")).isCharDevice()).isTrue();
        assertThat(Files.exists(outside.resolve("null"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    private static byte[] gzipOfZeroFile(int size) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry("zeros");
        entry.setSize(size);
        byte[] header = new TarBuilder().raw(entry, new byte[0]).withoutEnd();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(header);
            byte[] zeros = new byte[1 << 20];
            for (int written = 0; written < size; written += zeros.length) {
                gz.write(zeros);
            }
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }
}
