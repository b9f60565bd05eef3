package io.jocker.linux.libc;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The FFM plumbing every native call of the privileged seam shares: C library downcalls that
 * capture {@code errno}, reading it back, C strings. Calls run on the calling (platform) thread.
 * Thread-safe (stateless; method handles are immutable).
 *
 * <p>Example: {@code MethodHandle mknod = Libc.downcall("mknod", FunctionDescriptor.of(JAVA_INT,
 * ADDRESS, JAVA_INT, JAVA_LONG));} then {@code (int) mknod.invokeExact(capture, path, mode, dev)}
 * with {@code capture = arena.allocate(Libc.CAPTURE_LAYOUT)} and, on -1, {@code Libc.errno(capture)}.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    /** Where a downcall leaves {@code errno}; allocate one per call and pass it first. */
    public static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final int O_DIRECTORY = 0200000;
    private static final int O_CLOEXEC = 02000000;
    private static final int O_PATH = 010000000;
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));

    private Libc() {}

    /**
     * Opens {@code directory} as an O_PATH descriptor: no access to data, only a handle that names
     * it, e.g. as {@code /proc/self/fd/N} where a full path would be too long. Returns the fd, or a
     * negative value with {@code errno} in {@code capture}. Close it with the caller's close(2).
     */
    public static int openPathDirectory(MemorySegment capture, Arena arena, String directory) {
        try {
            return (int) OPEN.invokeExact(capture, cString(arena, directory), O_PATH | O_DIRECTORY | O_CLOEXEC);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A handle to a C library function that captures {@code errno}; the capture segment becomes
     * its first parameter.
     */
    // Restricted: the surefire and launcher JVMs run with --enable-native-access; this is the seam.
    @SuppressWarnings("restricted")
    public static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, all);
    }

    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** Rethrows what a handle threw: downcalls declare Throwable but only fail with unchecked ones. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            return e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("native call failed", t);
    }

    public static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }
}
