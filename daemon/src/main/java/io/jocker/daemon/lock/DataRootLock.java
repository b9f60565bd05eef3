package io.jocker.daemon.lock;

import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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

    private final FileChannel channel;
    private final FileLock lock;

    private DataRootLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws EngineException CONFLICT when another process holds the data root */
    public static DataRootLock acquire(Path dataRoot) {
        Path file = dataRoot.resolve(FILE);
        try {
            Files.createDirectories(dataRoot);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM (a second daemon in one test process)
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw EngineException.conflict("another jocker daemon" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + " is using the data root " + dataRoot + "; stop it or choose another --data-root");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new DataRootLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("locking data root " + dataRoot, e);
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
        }
    }
}
