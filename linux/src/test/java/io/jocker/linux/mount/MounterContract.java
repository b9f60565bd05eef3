package io.jocker.linux.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Mounter} does to the mount table, the fake included: subclasses supply the
 * implementation (the native one runs as root and also checks what the mounts show).
 */
abstract class MounterContract {
    @TempDir
    Path dir;

    Mounter mounter;

    protected abstract Mounter create();

    @BeforeEach
    void setUp() throws IOException {
        mounter = create();
        dir = dir.toRealPath();
    }

    /** Leaves no mount behind, whatever a test did; fails the test if it had to clean up. */
    @AfterEach
    void unmountLeftovers() throws IOException {
        List<MountInfo> left = new ArrayList<>(mounter.mountsUnder(dir));
        for (MountInfo m : left.reversed()) {
            mounter.unmount(m.mountPoint(), true);
        }
        assertThat(left).as("mounts left by the test").isEmpty();
    }

    Path mkdirs(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    @Test
    void mountOverlay_writable_isAMountPointUntilUnmounted() throws IOException {
        Path target = mkdirs("merged");
        mounter.mountOverlay(List.of(mkdirs("l2"), mkdirs("l1")), mkdirs("up"), mkdirs("work"), target, false);

        assertThat(mounter.isMountPoint(target)).isTrue();
        assertThat(mounter.mountsUnder(dir)).singleElement().satisfies(m -> {
            assertThat(m.mountPoint()).isEqualTo(target);
            assertThat(m.fsType()).isEqualTo("overlay");
            assertThat(m.readOnly()).isFalse();
        });

        mounter.unmount(target, false);
        assertThat(mounter.isMountPoint(target)).isFalse();
        assertThat(mounter.mountsUnder(dir)).isEmpty();
    }

    @Test
    void mountOverlay_readOnlyWithoutUpper_isReadOnly() throws IOException {
        Path target = mkdirs("merged");
        mounter.mountOverlay(List.of(mkdirs("l2"), mkdirs("l1")), null, null, target, true);
        assertThat(mounter.mountsUnder(target)).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).isTrue());
        mounter.unmount(target, false);
    }

    @Test
    void mountOverlay_oneLowerWithoutUpper_failsWithEinval() throws IOException {
        Path target = mkdirs("merged");
        assertThatThrownBy(() -> mounter.mountOverlay(List.of(mkdirs("l1")), null, null, target, true))
                .isInstanceOfSatisfying(MountException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.target()).isEqualTo(target);
                    assertThat(e.getMessage()).contains(target.toString()).contains("EINVAL");
                });
        assertThat(mounter.isMountPoint(target)).isFalse();
    }

    @Test
    void mountOverlay_missingLower_failsWithEnoentNamingTarget() throws IOException {
        Path target = mkdirs("merged");
        Path missing = dir.resolve("no-such-layer");
        assertThatThrownBy(() -> mounter.mountOverlay(List.of(mkdirs("l1"), missing), mkdirs("up"),
                mkdirs("work"), target, false))
                .isInstanceOfSatisfying(MountException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                    assertThat(e.getMessage()).contains(target.toString()).contains("ENOENT");
                });
        assertThat(mounter.isMountPoint(target)).isFalse();
    }

    @Test
    void mountOverlay_missingTarget_failsWithEnoent() throws IOException {
        Path target = dir.resolve("nowhere");
        assertThatThrownBy(() -> mounter.mountOverlay(List.of(mkdirs("l1")), mkdirs("up"), mkdirs("work"),
                target, false))
                .isInstanceOfSatisfying(MountException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void mountOverlay_upperWithoutWork_isRefused() throws IOException {
        Path target = mkdirs("merged");
        assertThatThrownBy(() -> mounter.mountOverlay(List.of(mkdirs("l1")), mkdirs("up"), null, target, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bindMount_readOnly_isReadOnlyMountPoint() throws IOException {
        Path source = mkdirs("source");
        Path target = mkdirs("target");
        mounter.bindMount(source, target, true);
        assertThat(mounter.isMountPoint(target)).isTrue();
        assertThat(mounter.mountsUnder(target)).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).isTrue());
        mounter.unmount(target, false);
        assertThat(mounter.isMountPoint(target)).isFalse();
    }

    @Test
    void mounts_stacked_unmountRemovesTopmostFirst() throws IOException {
        Path target = mkdirs("target");
        mounter.bindMount(mkdirs("a"), target, false);
        mounter.bindMount(mkdirs("b"), target, true);
        assertThat(mounter.mountsUnder(target)).hasSize(2);
        mounter.unmount(target, false);
        assertThat(mounter.mountsUnder(target)).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).isFalse());
        mounter.unmount(target, true);
        assertThat(mounter.isMountPoint(target)).isFalse();
    }

    @Test
    void mountsUnder_listsNestedMountsParentFirstAndNotSiblingPrefixes() throws IOException {
        Path outer = mkdirs("outer");
        Path sibling = mkdirs("outer-sibling");
        mounter.bindMount(mkdirs("src"), outer, false);
        Files.createDirectories(outer.resolve("inner"));
        mounter.bindMount(mkdirs("src2"), outer.resolve("inner"), false);
        mounter.bindMount(mkdirs("src3"), sibling, false);

        assertThat(mounter.mountsUnder(outer)).extracting(MountInfo::mountPoint)
                .containsExactly(outer, outer.resolve("inner"));

        mounter.unmount(outer.resolve("inner"), false);
        mounter.unmount(outer, false);
        mounter.unmount(sibling, false);
    }

    @Test
    void unmount_notAMountPoint_failsWithEinval() throws IOException {
        Path target = mkdirs("plain");
        assertThatThrownBy(() -> mounter.unmount(target, false))
                .isInstanceOfSatisfying(MountException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.getMessage()).isEqualTo("umount2 on " + target + ": EINVAL (Invalid argument)");
                });
    }
}
