package io.jocker.linux.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code lstat(2)} says about one path, never following a final symlink. Owners are unsigned
 * 32-bit values kept in an {@code int} (as the kernel's uid_t), so compare with
 * {@link Integer#toUnsignedLong(int)} when they can exceed 2^31-1.
 *
 * @param mode the full st_mode: file type bits ({@code S_IFMT}) and permission bits incl.
 *     setuid/setgid/sticky
 * @param uid owner
 * @param gid group
 * @param rdevMajor device major number for character and block devices, else 0
 * @param rdevMinor device minor number for character and block devices, else 0
 * @param device the containing file system's st_dev (for hard-link detection together with inode)
 * @param inode st_ino
 * @param links st_nlink
 * @param size st_size in bytes
 * @param accessTime st_atim
 * @param modifiedTime st_mtim
 */
public record FileStat(int mode, int uid, int gid, int rdevMajor, int rdevMinor, long device, long inode,
        int links, long size, FileTime accessTime, FileTime modifiedTime) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    public FileStat {
        Objects.requireNonNull(accessTime, "accessTime");
        Objects.requireNonNull(modifiedTime, "modifiedTime");
    }

    /** Permission bits incl. setuid (04000), setgid (02000) and sticky (01000). */
    public int permissions() {
        return mode & 07777;
    }

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegularFile() {
        return type() == S_IFREG;
    }

    public boolean isSymbolicLink() {
        return type() == S_IFLNK;
    }

    public boolean isCharDevice() {
        return type() == S_IFCHR;
    }

    public boolean isBlockDevice() {
        return type() == S_IFBLK;
    }

    public boolean isFifo() {
        return type() == S_IFIFO;
    }

    public boolean isSocket() {
        return type() == S_IFSOCK;
    }

    /** An overlayfs whiteout: a character device numbered 0:0. */
    public boolean isWhiteout() {
        return isCharDevice() && rdevMajor == 0 && rdevMinor == 0;
    }

    /** lstat through Java's "unix:*" attribute view, which has everything but needs no native call. */
    static FileStat lstatWithJava(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new ErrnoException("lstat", path, Errno.ENOENT);
        }
        long rdev = (Long) a.get("rdev");
        return new FileStat((Integer) a.get("mode"), (Integer) a.get("uid"), (Integer) a.get("gid"),
                major(rdev), minor(rdev), (Long) a.get("dev"), (Long) a.get("ino"), (Integer) a.get("nlink"),
                (Long) a.get("size"), (FileTime) a.get("lastAccessTime"), (FileTime) a.get("lastModifiedTime"));
    }

    /** glibc's major(3) of a dev_t. */
    static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    /** glibc's minor(3) of a dev_t. */
    static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
