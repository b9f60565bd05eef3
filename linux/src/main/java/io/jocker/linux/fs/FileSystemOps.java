package io.jocker.linux.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The file-system calls Java's file API cannot make, behind one interface so that the code above
 * (layer apply and diff, snapshotters, volume copy-up) runs in plain unit tests against
 * {@link RecordingFileSystemOps}, and against the kernel through {@link #nativeOps()}.
 *
 * <p>What Java cannot do, and why each call is here (see reference/host-recipes.md, "Traps for a
 * Java daemon"):
 * <ul>
 *   <li>{@link #mknod}: no device nodes at all, and overlay whiteouts are character devices 0:0
 *       ({@link #mkWhiteout});
 *   <li>{@link #lsetxattr} and friends: {@code UserDefinedFileAttributeView} only reaches the
 *       {@code user.} namespace (it turns {@code trusted.overlay.opaque} into
 *       {@code user.trusted.overlay.opaque}) and follows symlinks; these take raw names
 *       ({@code trusted.*}, {@code security.*}, {@code user.*}) and never follow;
 *   <li>{@link #chmod}: {@code PosixFilePermission} has no setuid, setgid or sticky bit;
 *   <li>{@link #lchown} and {@link #lutimes}: numeric owners and times of the symlink itself;
 *   <li>{@link #symlink}: {@code Files.createSymbolicLink} normalizes the target ({@code a//b/}
 *       becomes {@code a/b}); layers want it stored byte for byte;
 *   <li>{@link #resolveInRoot}: the kernel's {@code openat2(RESOLVE_IN_ROOT)}.
 * </ul>
 * {@link #lstat} is something Java can do; it is on the seam so that a fake can report the device
 * nodes, owners and modes it keeps in memory.
 *
 * <p>Vocabulary: every {@code l}-prefixed call and {@link #chmod} acts on the path itself and never
 * follows a final symlink; parent components are resolved by the kernel as usual, so callers that
 * must stay inside a tree resolve parents first ({@link InRootResolver}). Modes are the twelve
 * permission bits {@code 07777}; owners are unsigned 32-bit ids in an {@code int}. Failures are
 * {@link ErrnoException}s naming the call, the path and the errno.
 *
 * <p>Threads: every call runs on the calling thread (no hand-off to a worker), and none depends on
 * per-thread kernel state other than the thread's mount namespace and root, which callers that
 * {@code setns} on a thread must keep in mind. Implementations are thread-safe.
 *
 * <p>Example, turning a deleted file into an overlay whiteout and marking a directory opaque:
 * <pre>{@code
 * FileSystemOps fs = FileSystemOps.nativeOps();
 * fs.mkWhiteout(upper.resolve("etc/motd"));
 * fs.lsetxattr(upper.resolve("var/cache"), "trusted.overlay.opaque", new byte[] {'y'});
 * }</pre>
 */
public interface FileSystemOps {

    /** The file types {@link #mknod} creates. */
    enum NodeType {
        CHAR_DEVICE(FileStat.S_IFCHR),
        BLOCK_DEVICE(FileStat.S_IFBLK),
        FIFO(FileStat.S_IFIFO);

        private final int typeBits;

        NodeType(int typeBits) {
            this.typeBits = typeBits;
        }

        /** The S_IF* bits of st_mode for this type. */
        public int typeBits() {
            return typeBits;
        }
    }

    /** The kernel, through the FFM API. Stateless and thread-safe. */
    static FileSystemOps nativeOps() {
        return NativeFileSystemOps.INSTANCE;
    }

    /**
     * Creates a device node or FIFO at {@code path} (which must not exist: EEXIST, never replaced).
     * The permission bits are subject to the process umask; call {@link #chmod} for exact bits.
     * Character and block devices need CAP_MKNOD (root outside a user namespace).
     *
     * @param mode permission bits (07777)
     * @param major device major number; ignored for FIFOs
     * @param minor device minor number; ignored for FIFOs
     */
    void mknod(Path path, NodeType type, int mode, int major, int minor) throws IOException;

    /**
     * Creates an overlayfs whiteout: a character device 0:0 with no permission bits, what the
     * kernel leaves in an upper directory for a deleted file.
     */
    default void mkWhiteout(Path path) throws IOException {
        mknod(path, NodeType.CHAR_DEVICE, 0, 0, 0);
    }

    /**
     * Sets an extended attribute by its raw name ({@code trusted.overlay.opaque},
     * {@code security.capability}, {@code user.x}) on the path itself, creating or replacing it.
     * The kernel refuses {@code user.*} on symlinks and special files with EPERM, {@code trusted.*}
     * without CAP_SYS_ADMIN with EPERM, and namespaces a file system lacks with EOPNOTSUPP.
     */
    void lsetxattr(Path path, String name, byte[] value) throws IOException;

    /** The attribute's value, or empty when the path does not carry it (ENODATA). */
    Optional<byte[]> lgetxattr(Path path, String name) throws IOException;

    /**
     * The names of the attributes the path carries, in the order the file system lists them. Names
     * the caller may not read (trusted.* without CAP_SYS_ADMIN) are left out by the kernel.
     */
    List<String> llistxattr(Path path) throws IOException;

    /** Removes an attribute; ENODATA when the path does not carry it. */
    void lremovexattr(Path path, String name) throws IOException;

    /**
     * Sets the numeric owner of the path itself (a symlink's own owner, not its target's). The
     * kernel clears setuid/setgid on a chown, so call {@link #chmod} afterwards. An id of -1
     * (0xFFFFFFFF) would mean "unchanged" to the kernel and is refused with EINVAL.
     */
    void lchown(Path path, int uid, int gid) throws IOException;

    /**
     * Sets all twelve permission bits ({@code 07777}: setuid, setgid, sticky, rwxrwxrwx) of a
     * path that is not a symlink. Never follows: on a symlink it fails with EOPNOTSUPP, as Linux
     * symlinks have no mode of their own.
     */
    void chmod(Path path, int mode) throws IOException;

    /**
     * Sets the access and modification times of the path itself, with nanosecond precision and
     * without following a symlink ({@code utimensat(AT_SYMLINK_NOFOLLOW)}).
     */
    void lutimes(Path path, FileTime accessTime, FileTime modifiedTime) throws IOException;

    /**
     * Creates a symlink at {@code link} whose target is exactly {@code target} ({@code symlink(2)},
     * which never follows anything at {@code link}: EEXIST if anything is there). The target is
     * not resolved or checked; it is data.
     */
    void symlink(String target, Path link) throws IOException;

    /** The path's own status, never following a final symlink. ENOENT when it does not exist. */
    FileStat lstat(Path path) throws IOException;

    /**
     * Resolves {@code path} as if {@code root} were the file system root: absolute symlinks and
     * {@code ..} are interpreted inside {@code root} and can never leave it (the kernel's
     * {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)} in the native implementation,
     * {@link InRootResolver} in the fake). Every component, the final one included, must exist
     * (ENOENT otherwise); a final symlink is followed.
     *
     * <p>The answer is a path name, so it is only as good as the tree staying still: a concurrent
     * rename inside {@code root} may make it point elsewhere. Use it where {@code root} is owned
     * by the caller for the duration (a snapshot being unpacked), as the layer applier does.
     *
     * @param root an existing directory
     * @param path relative or absolute; either way interpreted inside {@code root}
     * @return the resolved absolute path, inside {@code root} (or {@code root} itself)
     */
    Path resolveInRoot(Path root, String path) throws IOException;
}
