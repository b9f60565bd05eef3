package io.jocker.storage.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.fs.FileSystemOps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real overlay mount: apply a layer as the lower directory, delete a file and replace a
 * directory in the merged view, unmount, diff the upper directory, and check the whiteouts; then
 * apply that diff as a second layer and check the merged view of both.
 */
@Tag("root")
class OverlayRoundTripRootTest {
    private final FileSystemOps fs = FileSystemOps.nativeOps();

    @TempDir
    Path tmp;

    @Test
    void deleteAndReplaceInMergedView_diffHasWhiteoutAndOpaqueMarker() throws Exception {
        tmp = tmp.toRealPath();
        Path lower = Files.createDirectory(tmp.resolve("lower"));
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));
        new LayerApplier(fs).apply(new ByteArrayInputStream(new TarBuilder()
                .dir("etc/").file("etc/motd", "hello").file("etc/hostname", "box")
                .dir("var/").dir("var/cache/").file("var/cache/a", "a").file("var/cache/b", "b")
                .build()), lower);

        mount(merged, "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work);
        try {
            Files.delete(merged.resolve("etc/motd"));
            Files.delete(merged.resolve("var/cache/a"));
            Files.delete(merged.resolve("var/cache/b"));
            Files.delete(merged.resolve("var/cache"));
            Files.createDirectory(merged.resolve("var/cache"));
            Files.writeString(merged.resolve("var/cache/new"), "new");
        } finally {
            umount(merged);
        }

        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        var diffId = new LayerDiffer(fs).diff(upper, diff);
        assertThat(diffId.toString()).isEqualTo(TarBuilder.sha256(diff.toByteArray()));
        List<String> listing = TarListing.of(diff.toByteArray());
        assertThat(listing.stream().map(l -> l.substring(0, l.indexOf(' ')))).containsExactly(
                "etc/", "etc/.wh.motd", "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/new");
        assertThat(listing.get(1)).startsWith("etc/.wh.motd 0 0600 0:0 ");
        assertThat(listing).noneMatch(l -> l.contains("xattr:trusted.overlay"));

        Path layer2 = Files.createDirectory(tmp.resolve("layer2"));
        new LayerApplier(fs).apply(new ByteArrayInputStream(diff.toByteArray()), layer2);
        assertThat(fs.lstat(layer2.resolve("etc/motd")).isWhiteout()).isTrue();
        assertThat(fs.lgetxattr(layer2.resolve("var/cache"), "trusted.overlay.opaque")).isPresent();

        Path view = Files.createDirectory(tmp.resolve("view"));
        mount(view, "lowerdir=" + layer2 + ":" + lower);
        try {
            assertThat(view.resolve("etc/motd")).doesNotExist();
            assertThat(view.resolve("etc/hostname")).hasContent("box");
            try (var children = Files.list(view.resolve("var/cache"))) {
                assertThat(children.map(p -> p.getFileName().toString())).containsExactly("new");
            }
            assertThat(Files.readString(view.resolve("var/cache/new"), StandardCharsets.UTF_8)).isEqualTo("new");
        } finally {
            umount(view);
        }
    }

    private static void mount(Path target, String options) throws Exception {
        run("mount", "-t", "overlay", "overlay", "-o", options, target.toString());
    }

    private static void umount(Path target) throws Exception {
        run("umount", target.toString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
