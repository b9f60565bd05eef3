package io.jocker.runtime.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * {@code docker logs -f}: the messages already in a container's log (its rotated files first) that
 * the query accepts, then each new one as conmon writes it, until the container has stopped and
 * everything is sent. Files are read in pieces, so memory stays bounded by the tail asked for.
 *
 * <p>New output is looked for every {@value #POLL_MILLIS} ms rather than through inotify: an inotify
 * instance per follower would run into the kernel's per-user limit (128 by default) with a few
 * dashboards attached, and the poll also notices a client that went away while the container is
 * quiet.
 *
 * <p>Rotation ({@link LogRotation}) renames the file and has conmon reopen it: the follower keeps
 * reading the renamed file until a new one appears (conmon then writes only there), drains it,
 * reads any file rotated in between, and moves on, so nothing is lost or sent twice unless rotation
 * deleted a file before it could be read (max-file reached while the client lagged).
 *
 * <p>Blocking; run it on its own (virtual) thread, one per follower.
 */
public final class LogFollower {
    /**
     * Receives messages; answers false when its client went away, which ends the follow. May batch
     * them: {@link #flush} is called whenever no more output is at hand (before a wait, at the end).
     */
    @FunctionalInterface
    public interface Sink {
        boolean accept(LogMessage message) throws IOException;

        default void flush() throws IOException {}
    }

    static final long POLL_MILLIS = 100;
    private static final int PIECE = 64 * 1024;

    private final Path log;
    private final LogQuery query;
    private final BooleanSupplier writerAlive;
    private final BooleanSupplier clientConnected;
    private final QueryFilter filter;
    private final K8sFileLog.Joiner joiner = new K8sFileLog.Joiner();
    private final RecordSplitter splitter = new RecordSplitter();
    private final ByteBuffer buffer = ByteBuffer.allocate(PIECE);
    private FileChannel channel;
    private Object fileKey;
    private boolean stopped;

    private LogFollower(Path log, LogQuery query, BooleanSupplier writerAlive, BooleanSupplier clientConnected,
            Sink sink) {
        this.log = log;
        this.query = query;
        this.writerAlive = writerAlive;
        this.clientConnected = clientConnected;
        this.filter = new QueryFilter(query, sink);
    }

    /**
     * Follows {@code log} (conmon's k8s-file) until {@code writerAlive} answers false and the file is
     * drained, the query's {@code until} has passed, the client is gone or the sink refuses a message.
     */
    public static void follow(Path log, LogQuery query, BooleanSupplier writerAlive,
            BooleanSupplier clientConnected, Sink sink) throws IOException, InterruptedException {
        new LogFollower(log, query, writerAlive, clientConnected, sink).run();
    }

    private void run() throws IOException, InterruptedException {
        try {
            follow();
        } finally {
            try {
                filter.flush();
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
        }
    }

    private void follow() throws IOException, InterruptedException {
        sendHistory();
        while (!stopped && !filter.stopped()) {
            boolean alive = writerAlive.getAsBoolean(); // asked before reading: output before the stop is read
            readNew();
            if (stopped || filter.stopped()) {
                break;
            }
            if (!alive) {
                for (LogMessage rest : joiner.flush()) {
                    if (!send(rest)) {
                        break;
                    }
                }
                break;
            }
            if ((query.until() != null && java.time.Instant.now().isAfter(query.until()))
                    || !clientConnected.getAsBoolean()) {
                break;
            }
            filter.flush(); // all there is for now goes out before the wait
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The rotated files and what the current one holds now, filtered and cut to the tail. */
    private void sendHistory() throws IOException {
        for (Path rotated : LogRotation.rotatedFiles(log)) {
            if (!K8sFileLog.scan(rotated, joiner, filter)) {
                return;
            }
        }
        openCurrent();
        drainInto(true);
        filter.finish();
    }

    private void readNew() throws IOException {
        if (channel == null) {
            openCurrent();
            if (channel == null) {
                return;
            }
        }
        drainInto(false);
        Object current = currentKey();
        if (current != null && !current.equals(fileKey)) {
            // Rotated and reopened: conmon writes only to the new file now. Finish the old one, then
            // any file rotated after it that we have not seen (a client slower than two rotations).
            drainInto(false);
            List<Path> newer = rotatedAfter(fileKey);
            channel.close();
            channel = null;
            splitter.reset();
            for (Path missed : newer) {
                if (!K8sFileLog.scan(missed, joiner, filter)) {
                    stopped = true;
                    return;
                }
            }
            openCurrent();
            if (channel != null) {
                drainInto(false);
            }
        }
    }

    /** The rotated files written after the one with {@code key}, oldest first; none if it is gone. */
    private List<Path> rotatedAfter(Object key) throws IOException {
        List<Path> rotated = LogRotation.rotatedFiles(log);
        for (int i = 0; i < rotated.size(); i++) {
            if (key.equals(keyOf(rotated.get(i)))) {
                return rotated.subList(i + 1, rotated.size());
            }
        }
        return List.of();
    }

    /** Reads what the current file holds now, piece by piece, through the joiner into the filter. */
    private void drainInto(boolean history) throws IOException {
        if (channel == null) {
            return;
        }
        int n;
        while ((n = channel.read(buffer.clear())) > 0) {
            for (K8sFileLog.Record r : splitter.feed(buffer.array(), n)) {
                LogMessage m = joiner.add(r);
                if (m == null) {
                    continue;
                }
                if (!history && query.until() != null && m.timestamp().isAfter(query.until())) {
                    stopped = true;
                    return;
                }
                if (!(history ? filter.offer(m) : send(m))) {
                    return;
                }
            }
        }
    }

    private boolean send(LogMessage m) throws IOException {
        if (!filter.offer(m)) {
            stopped = true;
        }
        return !stopped;
    }

    private void openCurrent() throws IOException {
        try {
            channel = FileChannel.open(log, StandardOpenOption.READ);
            fileKey = currentKey();
        } catch (NoSuchFileException e) {
            channel = null; // conmon has not created it yet
        }
    }

    private Object currentKey() {
        return keyOf(log);
    }

    private static Object keyOf(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // between the rename and conmon's reopen
        }
    }
}
