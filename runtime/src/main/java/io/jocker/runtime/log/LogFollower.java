package io.jocker.runtime.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code docker logs -f}: the messages already in a container's log (its rotated files first) that
 * the query accepts, then each new one as conmon writes it, until the container has stopped and
 * everything is sent. Woken by inotify (the JDK's watch service) on the log's directory, with a
 * short poll as a safety net, since a write and a stop can race the notification.
 *
 * <p>Rotation ({@link LogRotation}) renames the file and has conmon reopen it: the follower keeps
 * reading the renamed file until a new file appears (conmon then writes only there), drains the old
 * one and moves on, so nothing written across a rotation is lost or sent twice.
 *
 * <p>Blocking; run it on its own (virtual) thread, one per follower.
 */
public final class LogFollower {
    /** Receives messages; answers false when its client went away, which ends the follow. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(LogMessage message) throws IOException;
    }

    private static final long POLL_MILLIS = 250;

    private final Path log;
    private final LogQuery query;
    private final BooleanSupplier writerAlive;
    private final Sink sink;
    private final K8sFileLog.Joiner joiner = new K8sFileLog.Joiner();
    private FileChannel channel;
    private Object fileKey;
    private byte[] carry = new byte[0];
    private boolean stopped;

    private LogFollower(Path log, LogQuery query, BooleanSupplier writerAlive, Sink sink) {
        this.log = log;
        this.query = query;
        this.writerAlive = writerAlive;
        this.sink = sink;
    }

    /**
     * Follows {@code log} (conmon's k8s-file) until {@code writerAlive} answers false and the file is
     * drained, the query's {@code until} has passed, or the sink refuses a message.
     */
    public static void follow(Path log, LogQuery query, BooleanSupplier writerAlive, Sink sink)
            throws IOException, InterruptedException {
        new LogFollower(log, query, writerAlive, sink).run();
    }

    private void run() throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            log.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            sendHistory();
            while (!stopped) {
                boolean alive = writerAlive.getAsBoolean(); // asked before reading: output before the stop is read
                readNew();
                if (stopped) {
                    break;
                }
                if (!alive) {
                    for (LogMessage rest : joiner.flush()) {
                        send(rest);
                    }
                    break;
                }
                if (query.until() != null && java.time.Instant.now().isAfter(query.until())) {
                    break;
                }
                var key = watcher.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        } catch (ClosedWatchServiceException e) {
            // closed under us: the follower is being torn down
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** The rotated files and what the current one holds now, filtered and cut to the tail. */
    private void sendHistory() throws IOException {
        List<K8sFileLog.Record> records = new ArrayList<>();
        for (Path rotated : LogRotation.rotatedFiles(log)) {
            records.addAll(K8sFileLog.records(readAll(rotated)));
        }
        openCurrent();
        for (K8sFileLog.Record r : completeRecords(readAvailable())) {
            records.add(r);
        }
        Deque<LogMessage> history = new ArrayDeque<>();
        for (K8sFileLog.Record r : records) {
            joiner.add(r, m -> {
                if (query.accepts(m)) {
                    history.addLast(m);
                    if (query.tail() >= 0 && history.size() > query.tail()) {
                        history.removeFirst();
                    }
                }
            });
        }
        for (LogMessage m : history) {
            if (!send(m)) {
                return;
            }
        }
    }

    private void readNew() throws IOException {
        if (channel == null) {
            openCurrent();
            if (channel == null) {
                return;
            }
        }
        deliver(readAvailable());
        Object current = currentKey();
        if (current != null && !current.equals(fileKey)) {
            // Rotated and reopened: conmon writes only to the new file now; finish the old one.
            deliver(readAvailable());
            channel.close();
            channel = null;
            carry = new byte[0];
            openCurrent();
            if (channel != null) {
                deliver(readAvailable());
            }
        }
    }

    private void deliver(byte[] bytes) throws IOException {
        List<K8sFileLog.Record> records = completeRecords(bytes);
        for (K8sFileLog.Record r : records) {
            List<LogMessage> done = new ArrayList<>(1);
            joiner.add(r, done::add);
            for (LogMessage m : done) {
                if (stopped) {
                    return;
                }
                if (query.until() != null && m.timestamp().isAfter(query.until())) {
                    stopped = true;
                    return;
                }
                if (query.accepts(m) && !send(m)) {
                    return;
                }
            }
        }
    }

    private boolean send(LogMessage m) throws IOException {
        if (!sink.accept(m)) {
            stopped = true;
        }
        return !stopped;
    }

    /** Records of whole lines; a line conmon has not finished waits in {@code carry}. */
    private List<K8sFileLog.Record> completeRecords(byte[] bytes) {
        byte[] all = carry.length == 0 ? bytes : concat(carry, bytes);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        carry = Arrays.copyOfRange(all, end, all.length);
        return K8sFileLog.records(Arrays.copyOf(all, end));
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
        try {
            return Files.readAttributes(log, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null; // between the rename and conmon's reopen
        }
    }

    private byte[] readAvailable() throws IOException {
        if (channel == null) {
            return new byte[0];
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) > 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new byte[0]; // rotated away meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
