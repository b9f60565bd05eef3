package io.jocker.linux.fs;

import io.jocker.linux.libc.Libc;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link FileSystemOps} on the running kernel, through the FFM API (java.lang.foreign) and glibc.
 * errno is captured by the linker right after each call ({@code captureCallState("errno")}), so it
 * is exact even on virtual threads, and turned into an {@link ErrnoException}.
 *
 * <p>Every call runs on the calling thread: nothing is handed to a worker thread, so a caller that
 * moved its thread into another mount namespace gets that namespace's view. A downcall pins a
 * virtual thread to its carrier for the call's duration (microseconds). Thread-safe (stateless).
 *
 * <p>x86_64 and aarch64 Linux with glibc ≥ 2.28; {@link #resolveInRoot} needs kernel ≥ 5.6
 * (ENOSYS before).
 */
final class NativeFileSystemOps implements FileSystemOps {
    static final NativeFileSystemOps INSTANCE = new NativeFileSystemOps();

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final long RESOLVE_NO_MAGICLINKS = 0x02;
    private static final long RESOLVE_IN_ROOT = 0x10;
    private static final long SYS_OPENAT2 = 437;
    /** Larger than any real xattr value (the VFS caps values at 64 KiB), to size lgetxattr reads. */
    private static final int XATTR_SIZE_MAX = 65536;


    private static final MethodHandle MKNODAT = Libc.downcall("mknodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
    private static final MethodHandle LSETXATTR = Libc.downcall("lsetxattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle LGETXATTR = Libc.downcall("lgetxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle LLISTXATTR = Libc.downcall("llistxattr",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle LREMOVEXATTR = Libc.downcall("lremovexattr",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LCHOWN = Libc.downcall("lchown",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle FCHMODAT = Libc.downcall("fchmodat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle UTIMENSAT = Libc.downcall("utimensat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle SYMLINKAT = Libc.downcall("symlinkat",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle CLOSE = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** glibc's syscall(2) reads every argument as a long, so pass longs (and pointers). */
    private static final MethodHandle SYSCALL_4 = Libc.downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));

    /** struct open_how { u64 flags; u64 mode; u64 resolve; } */
    private static final StructLayout OPEN_HOW = MemoryLayout.structLayout(
            JAVA_LONG.withName("flags"), JAVA_LONG.withName("mode"), JAVA_LONG.withName("resolve"));
    /** struct timespec[2] { long tv_sec; long tv_nsec; } */
    private static final MemoryLayout TIMESPEC_PAIR = MemoryLayout.sequenceLayout(2,
            MemoryLayout.structLayout(JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec")));

    private NativeFileSystemOps() {}




    private static MemorySegment cString(Arena arena, Path path) {
        return Libc.cString(arena, path.toString());
    }

    @Override
    public void mknod(Path path, NodeType type, int mode, int major, int minor) throws IOException {
        long dev = type == NodeType.FIFO ? 0 : makedev(major, minor);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) MKNODAT.invokeExact(capture, AT_FDCWD, cString(arena, path),
                    type.typeBits() | (mode & 07777), dev);
            if (rc != 0) {
                throw new ErrnoException("mknod", path, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** glibc's makedev(3): 12+20 bits of major and 8+24 bits of minor, interleaved. */
    static long makedev(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    @Override
    public void lsetxattr(Path path, String name, byte[] value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment buffer = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, buffer, JAVA_BYTE, 0, value.length);
            int rc = (int) LSETXATTR.invokeExact(capture, cString(arena, path),
                    arena.allocateFrom(name, StandardCharsets.UTF_8), buffer, (long) value.length, 0);
            if (rc != 0) {
                throw new ErrnoException("lsetxattr", path, name, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public Optional<byte[]> lgetxattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment cPath = cString(arena, path);
            MemorySegment cName = arena.allocateFrom(name, StandardCharsets.UTF_8);
            MemorySegment buffer = arena.allocate(XATTR_SIZE_MAX);
            long n = (long) LGETXATTR.invokeExact(capture, cPath, cName, buffer, (long) XATTR_SIZE_MAX);
            if (n < 0) {
                int errno = Libc.errno(capture);
                if (errno == Errno.ENODATA) {
                    return Optional.empty();
                }
                throw new ErrnoException("lgetxattr", path, name, errno);
            }
            return Optional.of(buffer.asSlice(0, n).toArray(JAVA_BYTE));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public List<String> llistxattr(Path path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment cPath = cString(arena, path);
            // Ask for the size, then read; retry if attributes were added in between (ERANGE).
            for (int attempt = 0; ; attempt++) {
                long size = (long) LLISTXATTR.invokeExact(capture, cPath, MemorySegment.NULL, 0L);
                if (size < 0) {
                    throw new ErrnoException("llistxattr", path, Libc.errno(capture));
                }
                if (size == 0) {
                    return List.of();
                }
                MemorySegment buffer = arena.allocate(size);
                long n = (long) LLISTXATTR.invokeExact(capture, cPath, buffer, size);
                if (n < 0) {
                    int errno = Libc.errno(capture);
                    if (errno == Errno.ERANGE && attempt < 8) {
                        continue;
                    }
                    throw new ErrnoException("llistxattr", path, errno);
                }
                return splitNulTerminated(buffer.asSlice(0, n).toArray(JAVA_BYTE));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    static List<String> splitNulTerminated(byte[] bytes) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                if (i > start) {
                    names.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return List.copyOf(names);
    }

    @Override
    public void lremovexattr(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) LREMOVEXATTR.invokeExact(capture, cString(arena, path),
                    arena.allocateFrom(name, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new ErrnoException("lremovexattr", path, name, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void lchown(Path path, int uid, int gid) throws IOException {
        if (uid == -1 || gid == -1) {
            throw new ErrnoException("lchown", path, uid + ":" + gid, Errno.EINVAL);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) LCHOWN.invokeExact(capture, cString(arena, path), uid, gid);
            if (rc != 0) {
                throw new ErrnoException("lchown", path,
                        Integer.toUnsignedString(uid) + ":" + Integer.toUnsignedString(gid), Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void chmod(Path path, int mode) throws IOException {
        // glibc turns AT_SYMLINK_NOFOLLOW into O_PATH|O_NOFOLLOW + fstat + chmod via
        // /proc/self/fd (EOPNOTSUPP on a symlink), or fchmodat2(2) on newer versions.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) FCHMODAT.invokeExact(capture, AT_FDCWD, cString(arena, path), mode & 07777,
                    AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw new ErrnoException("chmod", path, String.format("%04o", mode & 07777), Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void lutimes(Path path, FileTime accessTime, FileTime modifiedTime) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            MemorySegment times = arena.allocate(TIMESPEC_PAIR);
            putTimespec(times, 0, accessTime);
            putTimespec(times, 16, modifiedTime);
            int rc = (int) UTIMENSAT.invokeExact(capture, AT_FDCWD, cString(arena, path), times,
                    AT_SYMLINK_NOFOLLOW);
            if (rc != 0) {
                throw new ErrnoException("utimensat", path, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void putTimespec(MemorySegment times, long offset, FileTime time) {
        var instant = time.toInstant();
        times.set(JAVA_LONG, offset, instant.getEpochSecond());
        times.set(JAVA_LONG, offset + 8, instant.getNano());
    }

    @Override
    public void symlink(String target, Path link) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) SYMLINKAT.invokeExact(capture, arena.allocateFrom(target, StandardCharsets.UTF_8),
                    AT_FDCWD, cString(arena, link));
            if (rc != 0) {
                throw new ErrnoException("symlink", link, "-> " + target, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public FileStat lstat(Path path) throws IOException {
        return FileStat.lstatWithJava(path);
    }

    @Override
    public Path resolveInRoot(Path root, String path) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rootFd = Libc.openPathDirectory(capture, arena, root.toString());
            if (rootFd < 0) {
                throw new ErrnoException("open", root, Libc.errno(capture));
            }
            try {
                MemorySegment how = arena.allocate(OPEN_HOW);
                how.set(JAVA_LONG, 0, (long) (O_PATH | O_CLOEXEC | O_RDONLY));
                how.set(JAVA_LONG, 8, 0L);
                how.set(JAVA_LONG, 16, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
                String relative = path.isEmpty() ? "." : path;
                long fd = (long) SYSCALL_4.invokeExact(capture, SYS_OPENAT2, (long) rootFd,
                        arena.allocateFrom(relative, StandardCharsets.UTF_8), how, OPEN_HOW.byteSize());
                if (fd < 0) {
                    throw new ErrnoException("openat2", root.resolve(relative.replaceFirst("^/+", "")),
                            "in root " + root, Libc.errno(capture));
                }
                try {
                    // The kernel's own name for what it opened; the same string the fd link shows.
                    return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
                } finally {
                    int ignored = (int) CLOSE.invokeExact(capture, (int) fd); // close of an O_PATH fd cannot lose data
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(capture, rootFd); // likewise
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}
