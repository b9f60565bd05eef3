package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.FileSystemOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contract against the kernel through the new mount API, plus what the mounts show: the
 * 4095-byte trap of mount(2) options (reference/host-recipes.md §1), whiteouts, opaque directories
 * and read-only binds.
 */
@Tag("root")
class NativeMounterRootTest extends MounterContract {
    static final int LAYERS = 40;

    @Override
    protected Mounter create() {
        return Mounter.nativeMounter();
    }

    /**
     * Docker-like layer paths, made longer still: 40 of them are about 8 KiB of lowerdir, twice
     * what one mount(2) call can carry.
     */
    List<Path> longLayers(int count) throws IOException {
        Path base = mkdirs("overlay2");
        String deep = "d".repeat(100);
        List<Path> topFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] id = new byte[32];
            id[0] = (byte) i;
            id[31] = (byte) (i * 7);
            Path layer = Files.createDirectories(base.resolve(HexFormat.of().formatHex(id)).resolve(deep).resolve("diff"));
            Files.writeString(layer.resolve("layer-" + i), "only in " + i);
            Files.writeString(layer.resolve("shared"), "from " + i);
            topFirst.addFirst(layer);
        }
        return topFirst;
    }

    @Test
    void mountOverlay_fortyLayersWithLongPaths_showsEveryLayerTopWinning() throws IOException {
        List<Path> lowers = longLayers(LAYERS);
        int optionBytes = String.join(":", lowers.stream().map(Path::toString).toList()).length();
        assertThat(optionBytes).as("lowerdir length").isGreaterThan(2 * NativeMounter.MOUNT_DATA_MAX);
        Path upper = mkdirs("c/fs");
        Path target = mkdirs("c/merged");

        mounter.mountOverlay(lowers, upper, mkdirs("c/work"), target, false);
        try {
            for (int i = 0; i < LAYERS; i++) {
                assertThat(target.resolve("layer-" + i)).hasContent("only in " + i);
            }
            assertThat(target.resolve("shared")).hasContent("from " + (LAYERS - 1));
            Files.writeString(target.resolve("new"), "written");
            assertThat(upper.resolve("new")).hasContent("written");
            assertThat(mounter.mountsUnder(target)).singleElement()
                    .satisfies(m -> assertOptionsShowLayers(m, lowers));
        } finally {
            mounter.unmount(target, false);
        }
        assertThat(mounter.isMountPoint(target)).isFalse();
    }

    /** The new mount API leaves the real layer paths in mountinfo; the fallback its fd paths. */
    void assertOptionsShowLayers(MountInfo mount, List<Path> lowers) {
        assertThat(mount.superOptions()).contains(lowers.getFirst().toString()).contains(lowers.getLast().toString());
    }

    @Test
    void mountOverlay_whiteoutAndOpaqueDirectory_hideLowerContent() throws IOException {
        FileSystemOps fs = FileSystemOps.nativeOps();
        Path l1 = mkdirs("l1");
        Files.writeString(l1.resolve("deleted"), "x");
        Files.createDirectories(l1.resolve("opaque"));
        Files.writeString(l1.resolve("opaque/old"), "x");
        Path l2 = mkdirs("l2");
        fs.mkWhiteout(l2.resolve("deleted"));
        Files.createDirectories(l2.resolve("opaque"));
        fs.lsetxattr(l2.resolve("opaque"), "trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(l2.resolve("opaque/new"), "y");
        Path target = mkdirs("merged");

        mounter.mountOverlay(List.of(l2, l1), null, null, target, true);
        try {
            assertThat(target.resolve("deleted")).doesNotExist();
            assertThat(target.resolve("opaque/new")).exists();
            assertThat(target.resolve("opaque/old")).doesNotExist();
            assertThatThrownBy(() -> Files.writeString(target.resolve("x"), "x")).isInstanceOf(IOException.class);
        } finally {
            mounter.unmount(target, false);
        }
    }

    @Test
    void bindMount_readOnly_refusesWritesButShowsContent() throws IOException {
        Path source = mkdirs("source");
        Files.writeString(source.resolve("f"), "content");
        Path target = mkdirs("target");
        mounter.bindMount(source, target, true);
        try {
            assertThat(target.resolve("f")).hasContent("content");
            assertThatThrownBy(() -> Files.writeString(target.resolve("g"), "x")).isInstanceOf(IOException.class);
        } finally {
            mounter.unmount(target, false);
        }
        Files.writeString(source.resolve("g"), "source stays writable");
    }
}
