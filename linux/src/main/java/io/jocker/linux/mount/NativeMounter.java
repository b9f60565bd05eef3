package io.jocker.linux.mount;

import io.jocker.linux.libc.Libc;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link Mounter} on the running kernel through the FFM API (java.lang.foreign): glibc's
 * {@code mount}, {@code umount2} and {@code open}, and {@code syscall(2)} for the new mount API,
 * whose numbers (open_tree 428 … fsmount 432) are the same on every architecture.
 *
 * <p>An overlay is mounted in these steps (reference/host-recipes.md §1, fix 3):
 * <ol>
 *   <li>{@code fsopen("overlay")} gives a file-system context;
 *   <li>{@code fsconfig(FSCONFIG_SET_STRING, "lowerdir+", path)} once per layer, top first, so no
 *       option string is ever built and neither the 4095-byte limit of mount(2) nor the
 *       {@code :}/{@code ,} escaping of lowerdir applies;
 *   <li>{@code upperdir} and {@code workdir} the same way, then {@code FSCONFIG_CMD_CREATE};
 *   <li>{@code fsmount} gives a detached mount, read-only through {@code MOUNT_ATTR_RDONLY};
 *   <li>{@code move_mount(fd, "", AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH)} attaches it.
 * </ol>
 * Kernels before 6.8 know no {@code lowerdir+} (EINVAL, "Unknown parameter") and kernels before
 * 5.2 no {@code fsopen} (ENOSYS); there the lower directories are opened with {@code O_PATH} and
 * handed to mount(2) as {@code lowerdir=/proc/self/fd/N:…} (fix 2), which keeps the options short
 * (about 18 bytes a layer), and any options that would still pass 4095 bytes are refused with
 * E2BIG rather than cut by the kernel. The fallback is remembered once the kernel said it does not
 * know {@code lowerdir+}.
 *
 * <p>errno is captured by the linker right after each call, so it is exact on any thread. Every
 * call runs on the calling thread, so a thread moved into another mount namespace mounts there,
 * and the mount table is read from {@code /proc/thread-self/mountinfo} for the same reason.
 * Thread-safe.
 */
final class NativeMounter implements Mounter {
    static final NativeMounter INSTANCE = new NativeMounter(false);

    /** mount(2) copies at most one page of data, the terminating NUL included. */
    static final int MOUNT_DATA_MAX = 4095;

    private static final int AT_FDCWD = -100;
    private static final long MS_RDONLY = 1;
    private static final long MS_REMOUNT = 32;
    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int UMOUNT_NOFOLLOW = 8;

    private static final long SYS_MOVE_MOUNT = 429;
    private static final long SYS_FSOPEN = 430;
    private static final long SYS_FSCONFIG = 431;
    private static final long SYS_FSMOUNT = 432;
    private static final long FSOPEN_CLOEXEC = 1;
    private static final long FSCONFIG_SET_STRING = 1;
    private static final long FSCONFIG_CMD_CREATE = 6;
    private static final long FSMOUNT_CLOEXEC = 1;
    private static final long MOUNT_ATTR_RDONLY = 1;
    private static final long MOVE_MOUNT_F_EMPTY_PATH = 4;


    private static final MethodHandle MOUNT = Libc.downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle UMOUNT2 = Libc.downcall("umount2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = Libc.downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    // glibc's syscall(2) is variadic and reads every argument as a long: pass longs and pointers.
    private static final MethodHandle SYS_FSOPEN_H = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYS_FSCONFIG_H = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYS_FSMOUNT_H = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYS_MOVE_MOUNT_H = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    /** For tests of the fallback on kernels that have {@code lowerdir+}. */
    private final boolean legacyOnly;
    /** Set once the kernel said it has no new mount API or no {@code lowerdir+}. */
    private volatile boolean lowerdirPlusUnsupported;

    NativeMounter(boolean legacyOnly) {
        this.legacyOnly = legacyOnly;
    }





    // ---------------------------------------------------------------- overlay

    @Override
    public void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target, boolean readOnly)
            throws IOException {
        Objects.requireNonNull(target, "target");
        if (lowerTopFirst.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        if ((upper == null) != (work == null)) {
            throw new IllegalArgumentException("upper and work directories go together: " + upper + ", " + work);
        }
        if (!legacyOnly && !lowerdirPlusUnsupported) {
            try {
                mountOverlayWithFsconfig(lowerTopFirst, upper, work, target, readOnly);
                return;
            } catch (LowerdirPlusUnsupported e) {
                // Fall through to mount(2) with /proc/self/fd lower dirs.
            }
        }
        mountOverlayWithProcFds(lowerTopFirst, upper, work, target, readOnly);
    }

    /** The kernel cannot take {@code lowerdir+}; the caller falls back to mount(2). */
    private static final class LowerdirPlusUnsupported extends Exception {
        private static final long serialVersionUID = 1L;

        LowerdirPlusUnsupported() {
            super(null, null, false, false);
        }
    }

    private void mountOverlayWithFsconfig(List<Path> lowers, Path upper, Path work, Path target,
            boolean readOnly) throws IOException, LowerdirPlusUnsupported {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            long fsFd = (long) SYS_FSOPEN_H.invokeExact(capture, SYS_FSOPEN, Libc.cString(arena, "overlay"), FSOPEN_CLOEXEC);
            if (fsFd < 0) {
                int errno = Libc.errno(capture);
                if (errno == Errno.ENOSYS) {
                    lowerdirPlusUnsupported = true;
                    throw new LowerdirPlusUnsupported();
                }
                throw new MountException("fsopen overlay", target, errno);
            }
            try {
                boolean first = true;
                for (Path lower : lowers) {
                    String path = lower.toString();
                    long rc = (long) SYS_FSCONFIG_H.invokeExact(capture, SYS_FSCONFIG, fsFd, FSCONFIG_SET_STRING,
                            Libc.cString(arena, "lowerdir+"), Libc.cString(arena, path), 0L);
                    if (rc < 0) {
                        int errno = Libc.errno(capture);
                        List<String> log = drainLog(arena, (int) fsFd);
                        if (first && errno == Errno.EINVAL && mentionsUnknownParameter(log)) {
                            lowerdirPlusUnsupported = true;
                            throw new LowerdirPlusUnsupported();
                        }
                        throw new MountException("fsconfig lowerdir+=" + path + " for overlay", target, errno, log);
                    }
                    first = false;
                }
                if (upper != null) {
                    setString(arena, capture, fsFd, "upperdir", upper.toString(), target);
                    setString(arena, capture, fsFd, "workdir", work.toString(), target);
                }
                long rc = (long) SYS_FSCONFIG_H.invokeExact(capture, SYS_FSCONFIG, fsFd, FSCONFIG_CMD_CREATE,
                        MemorySegment.NULL, MemorySegment.NULL, 0L);
                if (rc < 0) {
                    int errno = Libc.errno(capture);
                    throw new MountException("fsconfig create overlay", target, errno, drainLog(arena, (int) fsFd));
                }
                long mountFd = (long) SYS_FSMOUNT_H.invokeExact(capture, SYS_FSMOUNT, fsFd, FSMOUNT_CLOEXEC,
                        readOnly ? MOUNT_ATTR_RDONLY : 0L);
                if (mountFd < 0) {
                    int errno = Libc.errno(capture);
                    throw new MountException("fsmount overlay", target, errno, drainLog(arena, (int) fsFd));
                }
                try {
                    long moved = (long) SYS_MOVE_MOUNT_H.invokeExact(capture, SYS_MOVE_MOUNT, mountFd,
                            Libc.cString(arena, ""), (long) AT_FDCWD, Libc.cString(arena, target.toString()),
                            MOVE_MOUNT_F_EMPTY_PATH);
                    if (moved < 0) {
                        throw new MountException("move_mount overlay", target, Libc.errno(capture));
                    }
                } finally {
                    // Closing the fd of an attached mount does nothing; of an unattached one, it
                    // releases the mount, which is what a failed move_mount needs.
                    int ignored = (int) CLOSE.invokeExact(capture, (int) mountFd);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(capture, (int) fsFd); // a context fd holds no data to lose
            }
        } catch (IOException | LowerdirPlusUnsupported e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void setString(Arena arena, MemorySegment capture, long fsFd, String key, String value,
            Path target) throws Throwable {
        long rc = (long) SYS_FSCONFIG_H.invokeExact(capture, SYS_FSCONFIG, fsFd, FSCONFIG_SET_STRING,
                Libc.cString(arena, key), Libc.cString(arena, value), 0L);
        if (rc < 0) {
            int errno = Libc.errno(capture);
            throw new MountException("fsconfig " + key + "=" + value + " for overlay", target, errno,
                    drainLog(arena, (int) fsFd));
        }
    }

    /** Kernels without {@code lowerdir+} log "Unknown parameter"; a silent EINVAL is read the same way. */
    private static boolean mentionsUnknownParameter(List<String> log) {
        return log.isEmpty() || log.stream().anyMatch(m -> m.contains("Unknown parameter"));
    }

    /**
     * The messages the kernel logged on a file-system context ("e overlayfs: ..."), read until it
     * has no more (ENODATA); the one-letter severity prefix is dropped.
     */
    private static List<String> drainLog(Arena arena, int fsFd) throws Throwable {
        List<String> messages = new ArrayList<>();
        MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
        MemorySegment buffer = arena.allocate(1024);
        for (int i = 0; i < 32; i++) {
            long n = (long) READ.invokeExact(capture, fsFd, buffer, buffer.byteSize());
            if (n <= 0) {
                break;
            }
            String message = new String(buffer.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8).strip();
            if (message.length() > 2 && message.charAt(1) == ' ') {
                message = message.substring(2);
            }
            messages.add(message);
        }
        return messages;
    }

    private void mountOverlayWithProcFds(List<Path> lowers, Path upper, Path work, Path target, boolean readOnly)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            List<Integer> fds = new ArrayList<>(lowers.size());
            try {
                StringBuilder data = new StringBuilder("lowerdir=");
                for (Path lower : lowers) {
                    int fd = Libc.openPathDirectory(capture, arena, lower.toString());
                    if (fd < 0) {
                        throw new MountException("open lower directory " + lower + " for overlay", target,
                                Libc.errno(capture));
                    }
                    fds.add(fd);
                    data.append(fds.size() > 1 ? ":" : "").append("/proc/self/fd/").append(fd);
                }
                if (upper != null) {
                    data.append(",upperdir=").append(optionValue(upper, target))
                            .append(",workdir=").append(optionValue(work, target));
                }
                byte[] bytes = data.toString().getBytes(StandardCharsets.UTF_8);
                if (bytes.length > MOUNT_DATA_MAX) {
                    // The kernel would cut the options silently and mount something else.
                    throw new MountException("mount overlay (" + lowers.size() + " layers, " + bytes.length
                            + " bytes of options, at most " + MOUNT_DATA_MAX + ")", target, Errno.E2BIG);
                }
                int rc = (int) MOUNT.invokeExact(capture, Libc.cString(arena, "overlay"),
                        Libc.cString(arena, target.toString()), Libc.cString(arena, "overlay"),
                        readOnly ? MS_RDONLY : 0L, Libc.cString(arena, data.toString()));
                if (rc != 0) {
                    throw new MountException("mount overlay", target, Libc.errno(capture));
                }
            } finally {
                for (int fd : fds) {
                    int ignored = (int) CLOSE.invokeExact(capture, fd); // O_PATH fds hold no data
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** A path as a mount(2) option value, where ',' ends the option and '\' and ':' are special. */
    private static String optionValue(Path path, Path target) throws MountException {
        String s = path.toString();
        if (s.indexOf(',') >= 0 || s.indexOf(':') >= 0 || s.indexOf('\\') >= 0) {
            throw new MountException("mount overlay: directory " + s
                    + " contains ',', ':' or '\\', which mount(2) options cannot carry", target, Errno.EINVAL);
        }
        return s;
    }

    // ---------------------------------------------------------------- bind, unmount

    @Override
    public void bindMount(Path source, Path target, boolean readOnly) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment cTarget = Libc.cString(arena, target.toString());
            int rc = (int) MOUNT.invokeExact(capture, Libc.cString(arena, source.toString()), cTarget,
                    MemorySegment.NULL, MS_BIND, MemorySegment.NULL);
            if (rc != 0) {
                throw new MountException("mount --bind " + source, target, Libc.errno(capture));
            }
            if (readOnly) {
                // A bind mount takes its flags from a second, remounting call (mount(8) does the same).
                rc = (int) MOUNT.invokeExact(capture, MemorySegment.NULL, cTarget, MemorySegment.NULL,
                        MS_REMOUNT | MS_BIND | MS_RDONLY, MemorySegment.NULL);
                if (rc != 0) {
                    int errno = Libc.errno(capture);
                    // Leave nothing writable behind; its own failure would add nothing to the error.
                    int ignored = (int) UMOUNT2.invokeExact(capture, cTarget, MNT_DETACH | UMOUNT_NOFOLLOW);
                    throw new MountException("mount -o remount,bind,ro", target, errno);
                }
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void unmount(Path target, boolean detach) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) UMOUNT2.invokeExact(capture, Libc.cString(arena, target.toString()),
                    (detach ? MNT_DETACH : 0) | UMOUNT_NOFOLLOW);
            if (rc != 0) {
                throw new MountException(detach ? "umount2 MNT_DETACH" : "umount2", target, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    // ---------------------------------------------------------------- mount table

    @Override
    public boolean isMountPoint(Path path) throws IOException {
        Path resolved = MountTable.resolve(path);
        return MountTable.read().stream().anyMatch(m -> m.mountPoint().equals(resolved));
    }

    @Override
    public List<MountInfo> mountsUnder(Path prefix) throws IOException {
        return MountTable.under(MountTable.read(), MountTable.resolve(prefix));
    }

    /** Reading and filtering the calling thread's mount table. */
    static final class MountTable {
        private static final Path THREAD_SELF = Path.of("/proc/thread-self/mountinfo");

        private MountTable() {}

        static List<MountInfo> read() throws IOException {
            return MountInfo.parseAll(Files.readAllLines(THREAD_SELF, StandardCharsets.UTF_8));
        }

        /** The absolute, normalised path with symlinks resolved where it exists, as mountinfo names it. */
        static Path resolve(Path path) {
            Path absolute = path.toAbsolutePath().normalize();
            try {
                return absolute.toRealPath();
            } catch (IOException e) {
                return absolute; // not there (yet): the table cannot name it under another spelling either
            }
        }

        static List<MountInfo> under(List<MountInfo> table, Path prefix) {
            return table.stream().filter(m -> m.mountPoint().startsWith(prefix)).toList();
        }
    }
}
