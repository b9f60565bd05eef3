package io.jocker.linux.netns;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.jocker.linux.fs.Errno;
import io.jocker.linux.fs.ErrnoException;
import io.jocker.linux.libc.Libc;
import io.jocker.linux.mount.MountException;
import io.jocker.linux.mount.Mounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@link NetworkNamespaces} on the running kernel (reference/host-recipes.md §5, "The raw way").
 *
 * <p>A namespace is made on a platform thread started for that one purpose: the thread calls
 * {@code unshare(CLONE_NEWNET)}, which moves only itself into a new namespace, bind-mounts its own
 * {@code /proc/thread-self/ns/net} onto the name file and ends. Ending the thread is what returns
 * the process to its namespace, so no failure can leave a pooled thread (or a virtual thread's
 * carrier) in the wrong one; a platform thread costs about 0.1 ms to start. The mount itself is
 * made in the process's mount namespace, which {@code unshare(CLONE_NEWNET)} does not change.
 *
 * <p>Thread-safe (stateless).
 */
final class NativeNetworkNamespaces implements NetworkNamespaces {
    static final NativeNetworkNamespaces INSTANCE = new NativeNetworkNamespaces(Mounter.nativeMounter());

    private static final int CLONE_NEWNET = 0x40000000;
    private static final long MS_REC = 16384;
    private static final long MS_SHARED = 1 << 20;

    private static final MethodHandle UNSHARE = Libc.downcall("unshare", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MOUNT = Libc.downcall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private final Mounter mounter;

    NativeNetworkNamespaces(Mounter mounter) {
        this.mounter = mounter;
    }

    @Override
    public void prepareDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!mounter.isMountPoint(dir)) {
            mounter.bindMount(dir, dir, false);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) MOUNT.invokeExact(capture, Libc.cString(arena, "none"),
                    Libc.cString(arena, dir.toString()), MemorySegment.NULL, MS_SHARED | MS_REC, MemorySegment.NULL);
            if (rc != 0) {
                throw new MountException("mount --make-rshared", dir, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    @Override
    public void create(Path file) throws IOException {
        Files.createFile(file); // O_CREAT|O_EXCL: an existing name is never taken over
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread maker = Thread.ofPlatform().name("jocker-netns-create").unstarted(() -> {
            try {
                unshareNetwork(file);
                // The thread is the only one in the new namespace; this mount keeps it alive.
                mounter.bindMount(Path.of("/proc/thread-self/ns/net"), file, false);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        maker.start();
        try {
            maker.join();
        } catch (InterruptedException e) {
            // The maker finishes in microseconds and never blocks; wait it out, then report.
            joinUninterruptibly(maker);
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t != null) {
            Files.deleteIfExists(file);
            if (t instanceof IOException e) {
                throw e;
            }
            throw Libc.rethrow(t);
        }
    }

    private static void unshareNetwork(Path file) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) UNSHARE.invokeExact(capture, CLONE_NEWNET);
            if (rc != 0) {
                throw new ErrnoException("unshare CLONE_NEWNET for", file, Libc.errno(capture));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        while (true) {
            try {
                thread.join();
                return;
            } catch (InterruptedException again) {
                // keep waiting; the caller restores the flag
            }
        }
    }

    /**
     * A mount on the file shows as a device other than its directory's (nsfs's): one stat each
     * rather than a read of the whole mount table, which the daemon would otherwise do once per
     * endpoint at start.
     */
    @Override
    public boolean exists(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Object fileDevice = Files.getAttribute(file, "unix:dev");
            return !fileDevice.equals(Files.getAttribute(parent, "unix:dev"));
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public void delete(Path file) throws IOException {
        try {
            // Lazily, as ip netns del does: a namespace in use stays alive for its users.
            mounter.unmount(file, true);
        } catch (MountException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
                throw e;
            }
            // EINVAL: nothing mounted (a half-made or stale name); ENOENT: already gone.
        }
        Files.deleteIfExists(file);
    }

    @Override
    public List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void releaseDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir) && mounter.isMountPoint(dir)) {
            mounter.unmount(dir, true);
        }
    }
}
