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
        // Everything is opened before anything is read: a rotation while a slow client takes the
        // history renames the files, but what is open stays what it was, and the live phase catches
        // up from the current file's key.
        List<java.io.InputStream> rotated = new java.util.ArrayList<>();
        try {
            for (Path file : LogRotation.rotatedFiles(log)) {
                K8sFileLog.open(file, Long.MAX_VALUE, rotated);
            }
            openCurrent();
            for (java.io.InputStream in : rotated) {
                if (!K8sFileLog.scan(in, joiner, filter)) {
                    return;
                }
            }
        } finally {
            for (java.io.InputStream in : rotated) {
                in.close();
            }
        }
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

    /**
     * The rotated files written after the one with {@code key}, oldest first; all of them when it is
     * not among them any more (it was the oldest, and max-file dropped it while we read it).
     */
    private List<Path> rotatedAfter(Object key) {
        List<Path> rotated = LogRotation.rotatedFiles(log);
        for (int i = 0; i < rotated.size(); i++) {
            if (key.equals(keyOf(rotated.get(i)))) {
                return rotated.subList(i + 1, rotated.size());
            }
        }
        return rotated;
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

    /**
     * Opens the current file and learns which file it is; a rotation between the open and the stat
     * would pair the channel with the wrong key, so the key is taken before and after, and equal.
     */
    private void openCurrent() throws IOException {
        for (int attempt = 0; attempt < 5; attempt++) {
            Object before = currentKey();
            if (before == null) {
                channel = null; // conmon has not created it yet, or is reopening it
                return;
            }
            try {
                channel = FileChannel.open(log, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                channel = null;
                return;
            }
            if (before.equals(currentKey())) {
                fileKey = before;
                return;
            }
            channel.close(); // rotated just then: try again
            channel = null;
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
