package io.jocker.linux.fs;

import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A system call of the file-system seam failed. The message names the call, the path and the
 * errno, e.g. {@code mknod /var/lib/jocker/x/diff/etc/passwd: EEXIST (File exists)}; callers branch
 * on {@link #errno()} against the {@link Errno} constants. The fake ({@link RecordingFileSystemOps})
 * throws the same type with the errno the kernel would give.
 */
public final class ErrnoException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;

    public ErrnoException(String operation, Path path, int errno) {
        this(operation, path, null, errno);
    }

    /**
     * @param detail what else the call was about (an xattr name, a root), or null
     */
    public ErrnoException(String operation, Path path, String detail, int errno) {
        super(Objects.requireNonNull(path, "path").toString(), detail, Errno.name(errno));
        this.operation = Objects.requireNonNull(operation, "operation");
        this.errno = errno;
    }

    /** The failed call, e.g. "lsetxattr". */
    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    @Override
    public String getMessage() {
        String detail = getOtherFile() == null ? "" : " " + getOtherFile();
        return operation + " " + getFile() + detail + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")";
    }
}
