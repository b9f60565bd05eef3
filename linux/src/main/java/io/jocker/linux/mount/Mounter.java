package io.jocker.linux.mount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Mounts and unmounts file systems in the calling thread's mount namespace, and reads its mount
 * table. Everything privileged about mounting goes through here so that the code above runs in
 * plain unit tests against {@link RecordingMounter}, and against the kernel through
 * {@link #nativeMounter()}.
 *
 * <p>Vocabulary: a <em>target</em> is an existing directory that a mount is placed on; a
 * <em>lower</em> directory is a read-only overlay layer, listed <em>top first</em> (the order
 * overlayfs and Docker use: the first lower hides the ones after it); the <em>upper</em> directory
 * receives the writes, whiteouts and opaque markers of a writable overlay, and the <em>work</em>
 * directory is overlayfs's scratch space on the same file system as the upper.
 *
 * <p>Lifecycle: every mount made here stays until {@link #unmount} removes it; nothing is unmounted
 * implicitly, not even when the JVM exits. Callers keep track of their targets, and can find
 * leftovers after a crash with {@link #mountsUnder}.
 *
 * <p>Failures are {@link MountException}s naming the call, the target and the errno (and, where the
 * kernel explains itself, its message). Implementations are thread-safe.
 *
 * <p>Example, the root file system of a container from a two-layer image:
 * <pre>{@code
 * Mounter mounter = Mounter.nativeMounter();
 * mounter.mountOverlay(List.of(layer2, layer1), container.resolve("fs"), container.resolve("work"),
 *         rootfs, false);
 * try {
 *     ... run the container ...
 * } finally {
 *     mounter.unmount(rootfs, false);
 * }
 * }</pre>
 */
public interface Mounter {

    /** The kernel, through the FFM API. Thread-safe. */
    static Mounter nativeMounter() {
        return NativeMounter.INSTANCE;
    }

    /**
     * Mounts an overlay of {@code lowerTopFirst} on {@code target}. With an upper and a work
     * directory the overlay is writable (unless {@code readOnly}); without them ({@code null}
     * both) it is read-only and overlayfs needs at least two lower directories. There is no limit
     * on the number or length of the lower paths beyond overlayfs's own (500 layers).
     *
     * @param lowerTopFirst the layers, the topmost first; at least one
     * @param upper the writable layer, or null for a read-only overlay of the lowers
     * @param work overlayfs's work directory, on the same file system as {@code upper}; null exactly
     *     when {@code upper} is
     * @param readOnly mount read-only even though there is an upper directory
     */
    void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target, boolean readOnly)
            throws IOException;

    /**
     * Makes the directory tree at {@code source} visible at {@code target} as well (a bind mount,
     * not recursive: mounts below {@code source} are not carried along).
     */
    void bindMount(Path source, Path target, boolean readOnly) throws IOException;

    /**
     * Removes the mount on {@code target} (the topmost one, if several are stacked). Never follows a
     * final symlink. EINVAL when {@code target} is not a mount point, EBUSY when the mount is in use
     * and {@code detach} is false.
     *
     * @param detach detach lazily (MNT_DETACH): the mount disappears from the tree now and is
     *     released when its last user goes
     */
    void unmount(Path target, boolean detach) throws IOException;

    /** Whether a mount sits exactly on {@code path} (the path resolved, as the mount table names it). */
    boolean isMountPoint(Path path) throws IOException;

    /**
     * The mounts on {@code prefix} and anywhere below it, in mount table order (parents before the
     * mounts on top of them), so unmounting in reverse order releases them all.
     */
    List<MountInfo> mountsUnder(Path prefix) throws IOException;
}
