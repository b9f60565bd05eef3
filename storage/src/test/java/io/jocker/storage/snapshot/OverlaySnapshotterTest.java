package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.mount.RecordingMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverlaySnapshotterTest extends SnapshotterContract {
    @Override
    protected Snapshotter open(Path root, RecordingMounter mounter) {
        return Snapshotters.overlay(root, mounter);
    }

    Path fsOf(String committedName) throws IOException {
        // The fs directory of a committed snapshot: what a view of it alone binds.
        String key = "probe-" + committedName.hashCode();
        MountSpec spec = snapshotter.view(key, committedName).getFirst();
        snapshotter.remove(key);
        return ((MountSpec.Bind) spec).source();
    }

    @Test
    void names_areDockersOverlay2() {
        assertThat(snapshotter.driverName()).isEqualTo("overlay2");
        assertThat(snapshotter.activeDirFormat()).isEqualTo(ActiveDirFormat.OVERLAY_DIFF);
    }

    @Test
    void mounts_noParent_bindOfOwnFs() {
        List<MountSpec> mounts = snapshotter.prepare("c1", null);
        assertThat(mounts).containsExactly(MountSpec.bind(snapshotter.activeDir("c1"), false));
        assertThat(snapshotter.activeDir("c1").getParent().resolve("work")).isDirectory();
    }

    @Test
    void mounts_activeOnChain_overlayOfParentsNearestFirstWithOwnUpperAndWork() throws IOException {
        commitLayer(L1, null, "a", "1");
        commitLayer(L2, L1, "b", "2");
        commitLayer(L3, L2, "c", "3");
        Path fs1 = fsOf(L1);

        List<MountSpec> mounts = snapshotter.prepare("ctr", L3);

        Path upper = snapshotter.activeDir("ctr");
        assertThat(mounts).singleElement().isInstanceOfSatisfying(MountSpec.Overlay.class, o -> {
            assertThat(o.lowerTopFirst()).hasSize(3).endsWith(fs1);
            assertThat(o.lowerTopFirst().get(0).resolve("c")).hasContent("3");
            assertThat(o.lowerTopFirst().get(1).resolve("b")).hasContent("2");
            assertThat(o.upper()).hasValue(upper);
            assertThat(o.work()).hasValue(upper.resolveSibling("work"));
            assertThat(o.readOnly()).isFalse();
        });
    }

    @Test
    void mounts_viewOfOneLayer_readOnlyBindOfThatLayer() throws IOException {
        commitLayer(L1, null, "a", "1");
        List<MountSpec> mounts = snapshotter.view("v", L1);
        assertThat(mounts).singleElement().isInstanceOfSatisfying(MountSpec.Bind.class, b -> {
            assertThat(b.readOnly()).isTrue();
            assertThat(b.source().resolve("a")).hasContent("1");
        });
    }

    @Test
    void mounts_viewOfTwoLayers_readOnlyOverlayWithoutUpper() throws IOException {
        commitLayer(L1, null, "a", "1");
        commitLayer(L2, L1, "b", "2");
        List<MountSpec> mounts = snapshotter.view("v", L2);
        assertThat(mounts).singleElement().isInstanceOfSatisfying(MountSpec.Overlay.class, o -> {
            assertThat(o.lowerTopFirst()).hasSize(2);
            assertThat(o.upper()).isEqualTo(Optional.empty());
            assertThat(o.readOnly()).isTrue();
        });
    }

    @Test
    void mountAll_passesLayersToTheMounterUnjoined() throws IOException {
        commitLayer(L1, null, "a", "1");
        commitLayer(L2, L1, "b", "2");
        List<MountSpec> mounts = snapshotter.prepare("ctr", L2);
        Path target = Files.createDirectory(root.resolve("rootfs"));

        MountSpec.mountAll(mounts, mounter, target);

        assertThat(mounter.mounted()).singleElement().satisfies(m -> {
            assertThat(m.fsType()).isEqualTo("overlay");
            assertThat(m.lowerTopFirst()).isEqualTo(((MountSpec.Overlay) mounts.getFirst()).lowerTopFirst());
            assertThat(m.upper()).isEqualTo(snapshotter.activeDir("ctr"));
        });
        mounter.unmount(target, false);
    }

    @Test
    void commit_measuresOnlyTheLayersOwnFiles() throws IOException {
        commitLayer(L1, null, "big", "x".repeat(1000));
        commitLayer(L2, L1, "small", "12");
        assertThat(snapshotter.stat(L2).size()).hasValue(2);
    }
}
