package io.jocker.runtime.shim;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jocker.common.error.EngineException;
import io.jocker.linux.libc.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A client of conmon's attach socket ({@code <sockDir>/<id>/attach}), an AF_UNIX SOCK_SEQPACKET
 * socket, which Java's unix channels (STREAM only) cannot open, so it goes through FFM.
 *
 * <p>Connect after conmon's pid line and before {@code runtime start}, or early output is lost. Every
 * call blocks the calling thread in native code: use a platform thread, never a virtual one (it would
 * pin its carrier). Without {@code --leave-stdin-open}, closing or {@link #closeWrite} closes the
 * container's stdin.
 *
 * <p>Not thread-safe, except that one thread may {@link #receive} while another {@link #send}s.
 */
public final class AttachSocket implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SHUT_WR = 1;
    private static final int EINTR = 4;
    /** sockaddr_un: sa_family_t + char sun_path[108]. */
    private static final int SUN_PATH_MAX = 108;
    /** conmon sends at most 8192 payload bytes plus the stream byte; a short SEQPACKET read truncates. */
    private static final int RECV_BUFFER = 8193 + 7;
    /** conmon reads stdin in messages of up to 32 KiB. */
    private static final int SEND_CHUNK = 32 * 1024;

    private static final MethodHandle SOCKET = Libc.downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CONNECT = Libc.downcall("connect",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = Libc.downcall("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SEND = Libc.downcall("send",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SHUTDOWN = Libc.downcall("shutdown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle CLOSE = Libc.downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final int MSG_NOSIGNAL = 0x4000;

    private final Path path;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment recvBuf = arena.allocate(RECV_BUFFER);
    private final byte[] recvArray = new byte[RECV_BUFFER];
    private volatile int fd;

    private AttachSocket(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Connects to an attach socket, e.g. {@code sockDir.resolve(id).resolve("attach")}. A path longer
     * than sun_path holds (deep state roots, 64-hex ids) is reached through an O_PATH descriptor of its
     * directory, {@code /proc/self/fd/N/attach}, which is always short.
     */
    public static AttachSocket connect(Path socketPath) {
        byte[] name = socketPath.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length < SUN_PATH_MAX) {
            return connect(socketPath, name);
        }
        Path dir = socketPath.getParent();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int dirFd = Libc.openPathDirectory(cap, a, dir.toString());
            if (dirFd < 0) {
                throw failure("opening the attach socket's directory " + dir, Libc.errno(cap));
            }
            try {
                String shortName = "/proc/self/fd/" + dirFd + "/" + socketPath.getFileName();
                return connect(socketPath, shortName.getBytes(StandardCharsets.UTF_8));
            } finally {
                int ignored = (int) CLOSE.invokeExact(cap, dirFd);
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static AttachSocket connect(Path socketPath, byte[] name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int fd = (int) SOCKET.invokeExact(cap, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("creating a SEQPACKET socket for " + socketPath, Libc.errno(cap));
            }
            MemorySegment addr = a.allocate(2 + SUN_PATH_MAX); // zeroed, so sun_path is NUL-terminated
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(name, 0, addr, JAVA_BYTE, 2, name.length);
            int rc;
            int err;
            do {
                rc = (int) CONNECT.invokeExact(cap, fd, addr, 2 + name.length + 1);
                err = rc < 0 ? Libc.errno(cap) : 0;
            } while (rc < 0 && err == EINTR);
            if (rc < 0) {
                int ignored = (int) CLOSE.invokeExact(cap, fd); // the connect error is the one to report
                throw failure("connecting to attach socket " + socketPath, err);
            }
            return new AttachSocket(socketPath, fd);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Blocks for the next frame; null when conmon closed the stream (the container exited). */
    public AttachFrame receive() {
        while (true) {
            long n;
            int err;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
                n = (long) RECV.invokeExact(cap, openFd(), recvBuf, (long) RECV_BUFFER, 0);
                err = n < 0 ? Libc.errno(cap) : 0;
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n < 0 && err == EINTR) {
                continue;
            }
            if (n < 0) {
                throw failure("reading attach socket " + path, err);
            }
            if (n == 0) {
                return null;
            }
            MemorySegment.copy(recvBuf, JAVA_BYTE, 0, recvArray, 0, (int) n);
            AttachFrame f = AttachFrame.decode(recvArray, (int) n);
            if (f != null) {
                return f;
            }
        }
    }

    /** Sends stdin bytes (needs conmon's {@code -i} or {@code -t}). */
    public void send(byte[] data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int off = 0;
            while (off < data.length) {
                int len = Math.min(SEND_CHUNK, data.length - off);
                MemorySegment buf = a.allocate(len);
                MemorySegment.copy(data, off, buf, JAVA_BYTE, 0, len);
                long n = (long) SEND.invokeExact(cap, openFd(), buf, (long) len, MSG_NOSIGNAL);
                if (n < 0) {
                    int err = Libc.errno(cap);
                    if (err == EINTR) {
                        continue;
                    }
                    throw failure("writing attach socket " + path, err);
                }
                off += (int) n;
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** Half-closes: conmon then closes the container's stdin (unless --leave-stdin-open). */
    public void closeWrite() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) SHUTDOWN.invokeExact(cap, openFd(), SHUT_WR);
            if (rc < 0) {
                throw failure("shutting down attach socket " + path, Libc.errno(cap));
            }
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void close() {
        int f = fd;
        if (f < 0) {
            return;
        }
        fd = -1;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int ignored = (int) CLOSE.invokeExact(cap, f); // close(2) releases the fd even on EINTR
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        arena.close();
    }

    private int openFd() {
        int f = fd;
        if (f < 0) {
            throw new IllegalStateException("attach socket " + path + " is closed");
        }
        return f;
    }

    private static EngineException failure(String what, int errno) {
        String text = what + ": errno " + errno;
        return errno == 2 || errno == 111
                ? EngineException.notFound(text + " (no such socket or nobody listening)")
                : EngineException.internal(text, null);
    }
}
