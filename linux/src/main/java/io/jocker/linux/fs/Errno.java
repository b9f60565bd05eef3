package io.jocker.linux.fs;

import java.util.Map;

/**
 * The Linux (x86_64 and arm64 share these) errno values the file-system seam names, with their
 * symbolic names and glibc's descriptions, so messages read "EEXIST (File exists)" and callers can
 * branch on {@link ErrnoException#errno()} without magic numbers. Thread-safe (constants only).
 */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    /** No such attribute: lgetxattr/lremovexattr of a name the file does not carry. */
    public static final int ENODATA = 61;
    /** Also ENOTSUP on Linux: the file system (or the file type) does not support the operation. */
    public static final int EOPNOTSUPP = 95;
    public static final int EDQUOT = 122;

    private record Info(String name, String description) {}

    private static final Map<Integer, Info> INFO = Map.ofEntries(
            Map.entry(EPERM, new Info("EPERM", "Operation not permitted")),
            Map.entry(ENOENT, new Info("ENOENT", "No such file or directory")),
            Map.entry(EIO, new Info("EIO", "Input/output error")),
            Map.entry(E2BIG, new Info("E2BIG", "Argument list too long")),
            Map.entry(EBADF, new Info("EBADF", "Bad file descriptor")),
            Map.entry(EAGAIN, new Info("EAGAIN", "Resource temporarily unavailable")),
            Map.entry(ENOMEM, new Info("ENOMEM", "Cannot allocate memory")),
            Map.entry(EACCES, new Info("EACCES", "Permission denied")),
            Map.entry(EFAULT, new Info("EFAULT", "Bad address")),
            Map.entry(EBUSY, new Info("EBUSY", "Device or resource busy")),
            Map.entry(EEXIST, new Info("EEXIST", "File exists")),
            Map.entry(EXDEV, new Info("EXDEV", "Invalid cross-device link")),
            Map.entry(ENODEV, new Info("ENODEV", "No such device")),
            Map.entry(ENOTDIR, new Info("ENOTDIR", "Not a directory")),
            Map.entry(EISDIR, new Info("EISDIR", "Is a directory")),
            Map.entry(EINVAL, new Info("EINVAL", "Invalid argument")),
            Map.entry(ENOSPC, new Info("ENOSPC", "No space left on device")),
            Map.entry(EROFS, new Info("EROFS", "Read-only file system")),
            Map.entry(EMLINK, new Info("EMLINK", "Too many links")),
            Map.entry(ERANGE, new Info("ERANGE", "Numerical result out of range")),
            Map.entry(ENAMETOOLONG, new Info("ENAMETOOLONG", "File name too long")),
            Map.entry(ENOSYS, new Info("ENOSYS", "Function not implemented")),
            Map.entry(ENOTEMPTY, new Info("ENOTEMPTY", "Directory not empty")),
            Map.entry(ELOOP, new Info("ELOOP", "Too many levels of symbolic links")),
            Map.entry(ENODATA, new Info("ENODATA", "No data available")),
            Map.entry(EOPNOTSUPP, new Info("EOPNOTSUPP", "Operation not supported")),
            Map.entry(EDQUOT, new Info("EDQUOT", "Disk quota exceeded")));

    private Errno() {}

    /** "EEXIST" for 17; "errno 4242" for a value this table does not know. */
    public static String name(int errno) {
        Info info = INFO.get(errno);
        return info == null ? "errno " + errno : info.name();
    }

    /** glibc's strerror text, e.g. "File exists"; "Unknown error N" when unknown. */
    public static String description(int errno) {
        Info info = INFO.get(errno);
        return info == null ? "Unknown error " + errno : info.description();
    }
}
