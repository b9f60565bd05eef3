package io.jocker.storage.snapshot;

import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A mount a snapshot needs, described but not performed (containerd's {@code mount.Mount}). The
 * snapshotter returns these; whoever owns the target (the unpacker, the container runtime setup)
 * mounts them with {@link #mountAll} and unmounts the target when done.
 *
 * <p>Lower directories stay a list of paths and are never joined into a {@code lowerdir=a:b:c}
 * string: past 4095 bytes mount(2) would cut such a string silently, so only the {@link Mounter}
 * decides how the layers reach the kernel (reference/host-recipes.md §1).
 *
 * <p>Immutable values.
 */
public sealed interface MountSpec {

    /** containerd's mount type: "overlay" or "bind". */
    String type();

    boolean readOnly();

    /** Performs this mount on {@code target}, an existing directory. */
    void mount(Mounter mounter, Path target) throws IOException;

    /**
     * An overlay. Writable when it has an upper directory; read-only otherwise, in which case it
     * has at least two lower directories (overlayfs refuses one).
     *
     * @param lowerTopFirst the parent chain's directories, the nearest parent first
     * @param upper the snapshot's own directory, receiving writes, whiteouts and opaque markers
     * @param work overlayfs's work directory, present exactly when {@code upper} is
     */
    record Overlay(List<Path> lowerTopFirst, Optional<Path> upper, Optional<Path> work) implements MountSpec {
        public Overlay {
            lowerTopFirst = List.copyOf(lowerTopFirst);
            Objects.requireNonNull(upper, "upper");
            Objects.requireNonNull(work, "work");
            if (lowerTopFirst.isEmpty()) {
                throw new IllegalArgumentException("an overlay needs at least one lower directory");
            }
            if (upper.isPresent() != work.isPresent()) {
                throw new IllegalArgumentException("upper and work directories go together");
            }
            if (upper.isEmpty() && lowerTopFirst.size() < 2) {
                throw new IllegalArgumentException("a read-only overlay needs at least two lower directories");
            }
        }

        @Override
        public String type() {
            return "overlay";
        }

        @Override
        public boolean readOnly() {
            return upper.isEmpty();
        }

        @Override
        public void mount(Mounter mounter, Path target) throws IOException {
            mounter.mountOverlay(lowerTopFirst, upper.orElse(null), work.orElse(null), target, false);
        }
    }

    /** A bind mount of one directory (not recursive). */
    record Bind(Path source, boolean readOnly) implements MountSpec {
        public Bind {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String type() {
            return "bind";
        }

        @Override
        public void mount(Mounter mounter, Path target) throws IOException {
            mounter.bindMount(source, target, readOnly);
        }
    }

    static MountSpec overlay(List<Path> lowerTopFirst, Path upper, Path work) {
        return new Overlay(lowerTopFirst, Optional.of(upper), Optional.of(work));
    }

    static MountSpec readOnlyOverlay(List<Path> lowerTopFirst) {
        return new Overlay(lowerTopFirst, Optional.empty(), Optional.empty());
    }

    static MountSpec bind(Path source, boolean readOnly) {
        return new Bind(source, readOnly);
    }

    /**
     * Performs {@code mounts} on {@code target} in order (containerd's {@code mount.All}); if one
     * fails, the ones already made are unmounted again before the error is thrown.
     */
    static void mountAll(List<MountSpec> mounts, Mounter mounter, Path target) throws IOException {
        int done = 0;
        try {
            for (MountSpec mount : mounts) {
                mount.mount(mounter, target);
                done++;
            }
        } catch (IOException | RuntimeException e) {
            for (int i = 0; i < done; i++) {
                try {
                    mounter.unmount(target, true);
                } catch (IOException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
    }
}
