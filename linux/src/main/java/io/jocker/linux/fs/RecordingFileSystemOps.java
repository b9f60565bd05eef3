package io.jocker.linux.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A fake {@link FileSystemOps} for unit tests of the code above the seam: it records every call
 * and keeps what an unprivileged test cannot put on disk in memory, while the files themselves
 * stay real (so code that mixes Java's file API with the seam sees one consistent tree).
 *
 * <ul>
 *   <li>{@link #mknod} creates an empty regular file as a placeholder (so directory listings,
 *       EEXIST and later deletes behave) and remembers the node type and device numbers;
 *   <li>xattrs, owners ({@link #lchown}), full modes ({@link #chmod}) and times ({@link #lutimes})
 *       live only in memory: the real file is not chmod-ed, so a recorded mode 0000 never locks
 *       the test out of its own temp directory;
 *   <li>{@link #lstat} reports the real file overlaid with what is remembered, so a placeholder
 *       reads back as a character device 0:0 and a chown-ed file as owned by the recorded ids.
 * </ul>
 * What is remembered belongs to the inode (file key plus birth time), as on a real file system:
 * hard links share it, a rename keeps it, and a file deleted and created again starts clean.
 *
 * <p>{@link #symlink} is the one call passed to the kernel: making a symlink needs no privilege,
 * and Java's own call would normalize the target.
 *
 * <p>Kernel behaviour mirrored where tests of the layer code depend on it: EEXIST from mknod,
 * ENOENT on missing paths, EPERM for {@code user.*} xattrs on symlinks and special files,
 * EOPNOTSUPP for chmod of a symlink and for unknown xattr namespaces, ENODATA for missing xattrs.
 * {@link #refuseXattrs} makes chosen namespaces fail like a file system that lacks them.
 * Not the kernel: umask is ignored, there are no permission checks.
 *
 * <p>Thread-safe (every method synchronizes on this).
 */
public final class RecordingFileSystemOps implements FileSystemOps {

    /** One call as it was made, e.g. {@code Call("lsetxattr", p, "trusted.overlay.opaque=y")}. */
    public record Call(String operation, Path path, String detail) {}

    /** A node made by {@link #mknod}. */
    public record Node(NodeType type, int mode, int major, int minor) {
        public boolean isWhiteout() {
            return type == NodeType.CHAR_DEVICE && major == 0 && minor == 0;
        }
    }

    private static final class Inode {
        Node node;
        Integer uid;
        Integer gid;
        Integer mode;
        FileTime accessTime;
        FileTime modifiedTime;
        final Map<String, byte[]> xattrs = new LinkedHashMap<>();
    }

    private record Identity(Object fileKey, FileTime birth) {}

    private final List<Call> calls = new ArrayList<>();
    private final Map<Identity, Inode> inodes = new HashMap<>();
    private final Map<String, Integer> refusedXattrPrefixes = new TreeMap<>();

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one operation ("mknod", "lchown", ...), in order. */
    public synchronized List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** Makes every later {@link #lsetxattr} of a name starting with {@code prefix} fail with {@code errno}. */
    public synchronized RecordingFileSystemOps refuseXattrs(String prefix, int errno) {
        refusedXattrPrefixes.put(prefix, errno);
        return this;
    }

    /** The node {@link #mknod} left at {@code path}, if the path still names it. */
    public synchronized Optional<Node> node(Path path) throws IOException {
        Inode inode = existing(path);
        return Optional.ofNullable(inode == null ? null : inode.node);
    }

    /** The remembered xattrs of {@code path}, by name, in the order they were set. */
    public synchronized Map<String, byte[]> xattrs(Path path) throws IOException {
        Inode inode = existing(path);
        Map<String, byte[]> copy = new LinkedHashMap<>();
        if (inode != null) {
            inode.xattrs.forEach((k, v) -> copy.put(k, v.clone()));
        }
        return copy;
    }

    @Override
    public synchronized void mknod(Path path, NodeType type, int mode, int major, int minor) throws IOException {
        record("mknod", path, type + " " + String.format("%04o", mode & 07777) + " " + major + ":" + minor);
        if (exists(path)) {
            throw new ErrnoException("mknod", path, Errno.EEXIST);
        }
        if (path.getParent() == null || !Files.isDirectory(path.getParent())) {
            throw new ErrnoException("mknod", path, Errno.ENOENT);
        }
        Files.createFile(path);
        Inode inode = fresh(path);
        inode.node = new Node(type, mode & 07777, type == NodeType.FIFO ? 0 : major, type == NodeType.FIFO ? 0 : minor);
    }

    @Override
    public synchronized void lsetxattr(Path path, String name, byte[] value) throws IOException {
        record("lsetxattr", path, name + "=" + printable(value));
        BasicFileAttributes attributes = attributes(path, "lsetxattr");
        if (!hasKnownNamespace(name)) {
            throw new ErrnoException("lsetxattr", path, name, Errno.EOPNOTSUPP);
        }
        for (Map.Entry<String, Integer> refused : refusedXattrPrefixes.entrySet()) {
            if (name.startsWith(refused.getKey())) {
                throw new ErrnoException("lsetxattr", path, name, refused.getValue());
            }
        }
        Inode inode = inode(path);
        boolean special = attributes.isSymbolicLink() || attributes.isOther() || inode.node != null;
        if (name.startsWith("user.") && special) {
            throw new ErrnoException("lsetxattr", path, name, Errno.EPERM);
        }
        inode.xattrs.put(name, value.clone());
    }

    @Override
    public synchronized Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        record("lgetxattr", path, name);
        attributes(path, "lgetxattr");
        byte[] value = inode(path).xattrs.get(name);
        return Optional.ofNullable(value == null ? null : value.clone());
    }

    @Override
    public synchronized List<String> llistxattr(Path path) throws IOException {
        record("llistxattr", path, "");
        attributes(path, "llistxattr");
        Inode inode = existing(path);
        return inode == null ? List.of() : List.copyOf(inode.xattrs.keySet());
    }

    @Override
    public synchronized void lremovexattr(Path path, String name) throws IOException {
        record("lremovexattr", path, name);
        attributes(path, "lremovexattr");
        if (inode(path).xattrs.remove(name) == null) {
            throw new ErrnoException("lremovexattr", path, name, Errno.ENODATA);
        }
    }

    @Override
    public synchronized void lchown(Path path, int uid, int gid) throws IOException {
        record("lchown", path, Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid));
        attributes(path, "lchown");
        if (uid == -1 || gid == -1) {
            throw new ErrnoException("lchown", path, Errno.EINVAL);
        }
        Inode inode = inode(path);
        inode.uid = uid;
        inode.gid = gid;
    }

    @Override
    public synchronized void chmod(Path path, int mode) throws IOException {
        record("chmod", path, String.format("%04o", mode & 07777));
        if (attributes(path, "chmod").isSymbolicLink()) {
            throw new ErrnoException("chmod", path, Errno.EOPNOTSUPP);
        }
        inode(path).mode = mode & 07777;
    }

    @Override
    public synchronized void lutimes(Path path, FileTime accessTime, FileTime modifiedTime) throws IOException {
        record("lutimes", path, accessTime + " " + modifiedTime);
        attributes(path, "utimensat");
        Inode inode = inode(path);
        inode.accessTime = accessTime;
        inode.modifiedTime = modifiedTime;
    }

    /** Makes the real symlink (no privilege needed) through the kernel, as Java would alter the target. */
    @Override
    public synchronized void symlink(String target, Path link) throws IOException {
        record("symlink", link, target);
        NativeFileSystemOps.INSTANCE.symlink(target, link);
    }

    @Override
    public synchronized FileStat lstat(Path path) throws IOException {
        FileStat real = FileStat.lstatWithJava(path);
        Inode inode = existing(path);
        if (inode == null) {
            return real;
        }
        int type = inode.node != null ? inode.node.type().typeBits() : real.type();
        int permissions = inode.mode != null ? inode.mode
                : inode.node != null ? inode.node.mode() : real.permissions();
        return new FileStat(type | permissions,
                inode.uid != null ? inode.uid : real.uid(),
                inode.gid != null ? inode.gid : real.gid(),
                inode.node != null ? inode.node.major() : real.rdevMajor(),
                inode.node != null ? inode.node.minor() : real.rdevMinor(),
                real.device(), real.inode(), real.links(), inode.node != null ? 0 : real.size(),
                inode.accessTime != null ? inode.accessTime : real.accessTime(),
                inode.modifiedTime != null ? inode.modifiedTime : real.modifiedTime());
    }

    @Override
    public synchronized Path resolveInRoot(Path root, String path) throws IOException {
        record("resolveInRoot", root, path);
        return InRootResolver.resolve(root, path, true, null);
    }

    private void record(String operation, Path path, String detail) {
        calls.add(new Call(operation, Objects.requireNonNull(path, "path"), detail));
    }

    private static boolean hasKnownNamespace(String name) {
        return name.startsWith("user.") || name.startsWith("trusted.") || name.startsWith("security.")
                || name.startsWith("system.");
    }

    private static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static BasicFileAttributes attributes(Path path, String operation) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ErrnoException(operation, path, Errno.ENOENT);
        }
    }

    private static Identity identity(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new Identity(a.fileKey(), a.creationTime());
    }

    private Inode existing(Path path) throws IOException {
        if (!exists(path)) {
            return null;
        }
        return inodes.get(identity(path));
    }

    private Inode inode(Path path) throws IOException {
        return inodes.computeIfAbsent(identity(path), k -> new Inode());
    }

    private Inode fresh(Path path) throws IOException {
        Inode inode = new Inode();
        inodes.put(identity(path), inode);
        return inode;
    }

    private static String printable(byte[] value) {
        for (byte b : value) {
            if (b < 0x20 || b > 0x7e) {
                return Arrays.toString(value);
            }
        }
        return new String(value, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
