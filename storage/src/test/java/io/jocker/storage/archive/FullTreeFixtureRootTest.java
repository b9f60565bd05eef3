package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.storage.snapshot.ActiveDirFormat;
import io.jocker.storage.snapshot.SnapshotInfo;
import io.jocker.storage.snapshot.Snapshotter;
import io.jocker.storage.snapshot.Snapshotters;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers Docker 20.10 saved in fixtures/images/busybox-docker20.tar, unpacked as the vfs
 * driver does: one copy-based snapshot per layer (prepare on the parent, apply in place, commit
 * under the chain ID), with the kernel. The fixture's README and expected.json say what the layers
 * hold; the mutation layer has an opaque directory, a whiteout, a hard link and a setuid file, and
 * the child's layer whites out a file of the layer below.
 */
@Tag("root")
class FullTreeFixtureRootTest {
    private static final String CHILD = "jocker-fixture/child:1";
    private static final int BUSYBOX_TOP = 3;

    private final FileSystemOps fs = FileSystemOps.nativeOps();
    private final LayerApplier applier = new LayerApplier(fs, LayerApplier.Options.defaults()
            .withWhiteoutMode(WhiteoutMode.DELETE).withReplaceDirectories(true));

    @TempDir
    Path tmp;

    Snapshotter snapshotter;
    JsonNode expected;

    @BeforeEach
    void setUp() throws IOException {
        snapshotter = Snapshotters.naive(tmp.toRealPath().resolve("vfs"));
        expected = new ObjectMapper().readTree(fixtures().resolve("expected.json").toFile());
    }

    /** Removes the trees here, newest first: JUnit would warn about each busybox symlink it deletes. */
    @AfterEach
    void removeSnapshots() {
        for (SnapshotInfo info : snapshotter.list().reversed()) {
            snapshotter.remove(info.name());
        }
    }

    @Test
    void childImage_unpackedThroughANaiveChain_isTheTreeDockerBuilt() throws IOException {
        assertThat(snapshotter.activeDirFormat()).isEqualTo(ActiveDirFormat.FULL_TREE);
        List<String> chainIds = unpackChild();

        Path busybox = checkout("check-busybox", chainIds.get(BUSYBOX_TOP));
        Path child = checkout("check-child", chainIds.getLast());

        for (Path tree : List.of(busybox, child)) {
            assertThat(tree.resolve("etc/doomed.txt")).doesNotExist();
            assertThat(tree.resolve("etc/keep.txt")).isRegularFile();
            try (Stream<Path> d = Files.list(tree.resolve("d"))) {
                assertThat(d.map(p -> p.getFileName().toString())).containsExactly("new.txt");
            }
            FileStat hello = fs.lstat(tree.resolve("hello.txt"));
            assertThat(hello.links()).isEqualTo(2);
            assertThat(Files.isSameFile(tree.resolve("hello.txt"), tree.resolve("data/hardlink.txt"))).isTrue();
            assertThat(fs.lstat(tree.resolve("usr/local/bin/suid-tool")).permissions()).isEqualTo(04755);
            assertThat(fs.lstat(tree.resolve("tmp")).permissions()).isEqualTo(01777);
            assertThat(Files.readSymbolicLink(tree.resolve("data/link-abs"))).isEqualTo(Path.of("/hello.txt"));
            assertThat(Files.readSymbolicLink(tree.resolve("bin/sh"))).isEqualTo(Path.of("/bin/busybox"));
            assertThat(TarBuilder.sha256(Files.readAllBytes(tree.resolve("bin/busybox"))))
                    .isEqualTo(expectedSha256("bin/busybox"));
            FileStat user = fs.lstat(tree.resolve("home/user"));
            assertThat(user.uid()).isEqualTo(1000);
            assertThat(user.gid()).isEqualTo(1000);
            assertNoWhiteoutsLeft(tree);
        }

        FileStat owned = fs.lstat(busybox.resolve("home/user/owned.txt"));
        assertThat(owned.uid()).isEqualTo(1000);
        assertThat(owned.permissions()).isEqualTo(0640);
        assertThat(busybox.resolve("child.txt")).doesNotExist();

        assertThat(child.resolve("home/user/owned.txt")).doesNotExist();
        assertThat(child.resolve("child.txt")).hasContent("child");
    }

    /** Unpacks the child's five layers (the fourth through 20.10's symlinked layer.tar); returns the chain IDs. */
    private List<String> unpackChild() throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        Map<String, String> symlinks = new HashMap<>();
        try (InputStream in = Files.newInputStream(fixtures().resolve("busybox-docker20.tar"));
                TarArchiveInputStream archive = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = archive.getNextEntry(); e != null; e = archive.getNextEntry()) {
                if (e.isSymbolicLink()) {
                    symlinks.put(e.getName(), e.getLinkName());
                } else if (e.isFile()) {
                    files.put(e.getName(), archive.readAllBytes());
                }
            }
        }
        JsonNode manifest = null;
        for (JsonNode image : new ObjectMapper().readTree(files.get("manifest.json"))) {
            if (image.path("RepoTags").toString().contains("\"" + CHILD + "\"")) {
                manifest = image;
            }
        }
        assertThat(manifest).as("manifest entry of " + CHILD).isNotNull();
        JsonNode image = expected.path("images").path(CHILD);
        List<String> chainIds = new ArrayList<>();
        String parent = null;
        for (int i = 0; i < manifest.path("Layers").size(); i++) {
            String path = manifest.path("Layers").get(i).asText();
            if (symlinks.containsKey(path)) {
                path = Path.of(path).resolveSibling(symlinks.get(path)).normalize().toString();
            }
            String key = "extract-" + i;
            snapshotter.prepare(key, parent);
            AppliedLayer applied = applier.apply(new ByteArrayInputStream(files.get(path)), snapshotter.activeDir(key));
            assertThat(applied.diffId().toString()).as("diff ID of layer " + i)
                    .isEqualTo(image.path("RootFS").path("Layers").get(i).asText());
            String chainId = image.path("ChainIDs").get(i).asText();
            snapshotter.commit(chainId, key);
            chainIds.add(chainId);
            parent = chainId;
        }
        assertThat(chainIds).hasSize(5);
        return chainIds;
    }

    /** A fresh active snapshot on {@code chainId}: a full copy of that layer's tree. */
    private Path checkout(String key, String chainId) {
        snapshotter.prepare(key, chainId);
        return snapshotter.activeDir(key);
    }

    private void assertNoWhiteoutsLeft(Path tree) throws IOException {
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                assertThat(p.getFileName().toString()).as(p.toString()).doesNotStartWith(".wh.");
                FileStat stat = fs.lstat(p);
                assertThat(stat.isWhiteout()).as(p.toString()).isFalse();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertThat(fs.llistxattr(p)).as(p.toString()).doesNotContain(Whiteouts.OPAQUE_XATTR);
                }
            }
        }
    }

    private String expectedSha256(String name) {
        for (JsonNode layer : expected.path("layers")) {
            for (JsonNode entry : layer.path("entries")) {
                if (entry.path("name").asText().equals(name)) {
                    return entry.path("sha256").asText();
                }
            }
        }
        throw new AssertionError(name + " is in no layer of expected.json");
    }

    private static Path fixtures() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/images"))) {
                return p.resolve("fixtures/images");
            }
        }
        throw new IllegalStateException("fixtures/images not found above " + here);
    }
}
