package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.linux.fs.RecordingFileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WhiteoutMode#DELETE}: a layer applied in place onto a copy of its parent's tree (the vfs
 * snapshotter), against the fake seam. The root starts as "the parent layers"; a sibling directory
 * with a secret stands for the host and must never change.
 */
class LayerApplierDeleteModeTest {
    @TempDir
    Path tmp;

    Path root;
    Path outside;
    Map<String, String> outsideBefore;
    final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @BeforeEach
    void setUp() throws IOException {
        tmp = tmp.toRealPath();
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectories(outside.resolve("dir/sub"));
        Files.writeString(outside.resolve("dir/sub/file"), "host");
        outsideBefore = HostTree.snapshot(outside);
    }

    @AfterEach
    void outsideIsUntouched() throws IOException {
        assertThat(HostTree.snapshot(outside)).isEqualTo(outsideBefore);
    }

    private AppliedLayer apply(byte[] layer) throws IOException {
        return new LayerApplier(fs, LayerApplier.Options.defaults().withWhiteoutMode(WhiteoutMode.DELETE)
                .withReplaceDirectories(true)).apply(new ByteArrayInputStream(layer), root);
    }

    /** The tree under root as relative paths, directories with a trailing slash. */
    private Set<String> tree() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> paths = Files.walk(root)) {
            paths.filter(p -> !p.equals(root)).forEach(p -> out.add(root.relativize(p)
                    + (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        return out;
    }

    private void parentTree(String... paths) throws IOException {
        for (String path : paths) {
            Path p = root.resolve(path);
            if (path.endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, "from the parent");
            }
        }
    }

    @Test
    void whiteoutOfAFile_removesItAndWritesNothing() throws IOException {
        parentTree("etc/motd", "etc/hostname");
        byte[] layer = new TarBuilder().dir("etc/").file("etc/.wh.motd", "").build();
        AppliedLayer applied = apply(layer);
        assertThat(tree()).containsExactly("etc/", "etc/hostname");
        assertThat(fs.calls("mknod")).isEmpty();
        assertThat(fs.calls("lsetxattr")).isEmpty();
        assertThat(fs.calls()).noneMatch(c -> c.path().equals(root.resolve("etc/motd")));
        assertThat(applied.diffId().toString()).isEqualTo(TarBuilder.sha256(layer));
    }

    @Test
    void whiteoutOfADirectoryTree_removesAllOfIt() throws IOException {
        parentTree("var/cache/apt/archives/pkg.deb", "var/cache/apt/srcpkgcache.bin", "var/cache/empty/", "var/lib/x");
        Files.createSymbolicLink(root.resolve("var/cache/apt/host"), outside);
        Files.createSymbolicLink(root.resolve("var/cache/apt/secret"), outside.resolve("secret"));
        apply(new TarBuilder().file("var/.wh.cache", "").build());
        assertThat(tree()).containsExactly("var/", "var/lib/", "var/lib/x");
    }

    @Test
    void whiteoutOfASymlink_removesTheLinkNotItsTarget() throws IOException {
        parentTree("usr/lib/libc.so", "usr/share/doc/README");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("doc"), Path.of("/usr/share/doc"));
        Files.createSymbolicLink(root.resolve("host"), outside);
        apply(new TarBuilder().file(".wh.lib", "").file(".wh.doc", "").file(".wh.host", "").build());
        assertThat(tree()).containsExactly("usr/", "usr/lib/", "usr/lib/libc.so", "usr/share/", "usr/share/doc/",
                "usr/share/doc/README");
    }

    @Test
    void whiteoutOfSomethingAbsent_isANoOp() throws IOException {
        parentTree("etc/");
        apply(new TarBuilder().file("etc/.wh.never-there", "").build());
        assertThat(tree()).containsExactly("etc/");
    }

    @Test
    void whiteoutThroughAnInRootSymlink_removesWhereTheLinkLeadsInsideTheRoot() throws IOException {
        parentTree("usr/bin/tool", "usr/bin/other");
        Files.createSymbolicLink(root.resolve("bin"), Path.of("/usr/bin"));
        apply(new TarBuilder().file("bin/.wh.tool", "").build());
        assertThat(tree()).containsExactly("bin", "usr/", "usr/bin/", "usr/bin/other");
    }

    @Test
    void whiteoutOfSomethingThisLayerWrote_removesItToo() throws IOException {
        apply(new TarBuilder().dir("d/").file("d/tmp", "x").file("d/.wh.tmp", "").build());
        assertThat(tree()).containsExactly("d/");
    }

    @Test
    void opaqueMarker_removesWhatTheParentHadAndKeepsWhatTheLayerAdds() throws IOException {
        parentTree("d/a.txt", "d/sub/b.txt", "d/sub/deeper/c.txt", "d/gone/", "other/keep");
        Files.createSymbolicLink(root.resolve("d/host"), outside);
        apply(new TarBuilder()
                .dir("d/")
                .file("d/before.txt", "written before the marker")
                .dir("d/newdir/")
                .file("d/newdir/f", "f")
                .file("d/.wh..wh..opq", "")
                .file("d/after.txt", "written after the marker")
                .dir("d/sub/")
                .file("d/sub/after.txt", "in a directory made again after the marker")
                .build());
        assertThat(tree()).containsExactly("d/", "d/after.txt", "d/before.txt", "d/newdir/", "d/newdir/f",
                "d/sub/", "d/sub/after.txt", "other/", "other/keep");
        assertThat(root.resolve("d/before.txt")).hasContent("written before the marker");
        assertThat(fs.calls("lsetxattr")).isEmpty();
    }

    @Test
    void opaqueMarker_inAParentDirectoryTheLayerWroteInto_keepsItsPathAndDropsTheRest() throws IOException {
        parentTree("d/sub/old", "d/sub/inner/old", "d/other/old");
        // d/sub is only implied by d/sub/new (no entry of its own), as some builders write it.
        apply(new TarBuilder().file("d/sub/new", "n").dir("d/kept/").file("d/.wh..wh..opq", "").build());
        assertThat(tree()).containsExactly("d/", "d/kept/", "d/sub/", "d/sub/new");
    }

    @Test
    void opaqueMarker_atTheRoot_emptiesTheTreeButForTheLayer() throws IOException {
        parentTree("bin/sh", "etc/passwd");
        apply(new TarBuilder().file("etc/hostname", "box").file(".wh..wh..opq", "").file("new", "n").build());
        assertThat(tree()).containsExactly("etc/", "etc/hostname", "new");
    }

    @Test
    void opaqueMarker_whereTheDirectoryIsASymlink_emptiesItsInRootTarget() throws IOException {
        parentTree("real/old");
        Files.createSymbolicLink(root.resolve("link"), Path.of("/real"));
        apply(new TarBuilder().file("link/.wh..wh..opq", "").build());
        assertThat(tree()).containsExactly("link", "real/");
    }

    @Test
    void whiteoutWhoseParentIsASymlinkOutOfTheRoot_isRefusedAndTouchesNothing() throws IOException {
        parentTree("etc/keep");
        Files.createSymbolicLink(root.resolve("evil"), outside);
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../../../../../../" + outside));
        Set<String> before = tree();
        for (String name : new String[] {"evil/.wh.secret", "evil/.wh.dir", "evil/dir/.wh.sub", "evil/.wh..wh..opq",
                "up/.wh.secret", "up/dir/.wh..wh..opq"}) {
            assertThatThrownBy(() -> apply(new TarBuilder().file(name, "").build()))
                    .as(name)
                    .isInstanceOfSatisfying(EngineException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).startsWith("cannot extract \"" + name + "\": resolve ")
                                .contains("ENOENT");
                    });
            assertThat(tree()).as(name).isEqualTo(before);
        }
        assertThat(fs.calls()).isEmpty();
    }

    @Test
    void whiteoutInAMissingDirectory_isRefusedAndCreatesNothing() throws IOException {
        assertThatThrownBy(() -> apply(new TarBuilder().file("a/b/.wh.c", "").build()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.getMessage())
                        .startsWith("cannot extract \"a/b/.wh.c\": resolve " + root.resolve("a")));
        assertThat(tree()).isEmpty();
    }

    @Test
    void whiteoutClimbingOut_isRefused() {
        assertThatThrownBy(() -> apply(new TarBuilder().file("../outside/.wh.secret", "").build()))
                .hasMessage("invalid entry name \"../outside/.wh.secret\"");
        assertThatThrownBy(() -> apply(new TarBuilder().file("d/../../.wh.outside", "").build()))
                .hasMessage("invalid entry name \"d/../../.wh.outside\"");
    }

    @Test
    void directoryReplacedByAFileAndTheReverse_replaces() throws IOException {
        parentTree("d/sub/f", "f");
        Files.createSymbolicLink(root.resolve("d/host"), outside);
        apply(new TarBuilder().file("d", "now a file").dir("f/").file("f/inside", "x").build());
        assertThat(tree()).containsExactly("d", "f/", "f/inside");
        assertThat(root.resolve("d")).hasContent("now a file");
    }

    @Test
    void overlayModeIsStillTheDefault() {
        assertThat(LayerApplier.Options.defaults().whiteoutMode()).isEqualTo(WhiteoutMode.OVERLAY);
        LayerApplier applier = new LayerApplier(fs);
        LayerApplier.Options delete = applier.options().withWhiteoutMode(WhiteoutMode.DELETE);
        assertThat(applier.withOptions(delete).options()).isEqualTo(delete);
        assertThat(applier.options().whiteoutMode()).isEqualTo(WhiteoutMode.OVERLAY);
    }
}
