package io.jocker.linux.mount;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A mount call failed. The message names the call, the target, the errno and what the kernel said
 * about it, e.g. {@code fsconfig lowerdir+=/l/9 for overlay on /run/x/rootfs: ENOENT (No such file
 * or directory)} or {@code mount overlay on /run/x/rootfs: EINVAL (Invalid argument); kernel:
 * overlayfs: at least 2 lowerdir are needed while upperdir nonexistent}. Callers branch on
 * {@link #errno()} against the {@link Errno} constants. {@link RecordingMounter} throws the same
 * type with the errno the kernel would give.
 */
public final class MountException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Path target;
    private final int errno;
    private final List<String> kernelMessages;

    public MountException(String operation, Path target, int errno) {
        this(operation, target, errno, List.of());
    }

    /**
     * @param operation the call and what it was about, e.g. "umount2" or "fsconfig lowerdir+=/a"
     * @param kernelMessages what the kernel logged on the file-system context (new mount API), if
     *     anything
     */
    public MountException(String operation, Path target, int errno, List<String> kernelMessages) {
        super(message(operation, target, errno, kernelMessages));
        this.operation = Objects.requireNonNull(operation, "operation");
        this.target = Objects.requireNonNull(target, "target");
        this.errno = errno;
        this.kernelMessages = List.copyOf(kernelMessages);
    }

    private static String message(String operation, Path target, int errno, List<String> kernelMessages) {
        String text = operation + " on " + target + ": " + Errno.name(errno) + " (" + Errno.description(errno) + ")";
        return kernelMessages.isEmpty() ? text : text + "; kernel: " + String.join("; ", kernelMessages);
    }

    public String operation() {
        return operation;
    }

    public Path target() {
        return target;
    }

    public int errno() {
        return errno;
    }

    public String errnoName() {
        return Errno.name(errno);
    }

    /** The kernel's own explanation (e.g. "overlayfs: failed to resolve '/x': -2"), possibly empty. */
    public List<String> kernelMessages() {
        return kernelMessages;
    }
}
