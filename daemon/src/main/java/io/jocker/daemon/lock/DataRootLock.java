package io.jocker.daemon.lock;

import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a data root for the life of the process: an advisory lock on
 * {@code <data-root>/jocker.lock} holding the owner's PID. The kernel drops the lock when the
 * process dies, however it dies, so a {@code kill -9} never leaves a stale lock behind.
 * Not thread-safe; acquired and released by the daemon's main thread.
 */
public final class DataRootLock implements AutoCloseable {
    static final String FILE = "jocker.lock";

    /**
     * Data roots held by this JVM. Checked before opening the lock file, because on Linux closing
     * any descriptor of a file drops all of the process's locks on it: a refused second attempt
     * in the same JVM must not even open the file, or it would release the first daemon's lock.
     */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws EngineException CONFLICT when another process holds the data root */
    public static DataRootLock acquire(Path dataRoot) {
        Path file = dataRoot.resolve(FILE);
        Path key = dataRoot.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw EngineException.conflict("another jocker daemon (pid " + ProcessHandle.current().pid()
                    + ") is using the data root " + dataRoot + "; stop it or choose another --data-root");
        }
        try {
            Files.createDirectories(dataRoot);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw EngineException.conflict("another jocker daemon" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + " is using the data root " + dataRoot + "; stop it or choose another --data-root");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new DataRootLock(key, channel, lock);
        } catch (IOException e) {
            HELD.remove(key);
            throw new UncheckedIOException("locking data root " + dataRoot, e);
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("releasing the data root lock", e);
        } finally {
            HELD.remove(root);
        }
    }
}
