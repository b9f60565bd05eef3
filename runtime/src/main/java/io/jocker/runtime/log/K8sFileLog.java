package io.jocker.runtime.log;

import io.jocker.common.error.EngineException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads conmon's k8s-file log format (host-recipes §4):
 * <pre>
 * 2026-11-22T16:44:29.680785472+00:00 stdout F out 1
 * 2026-11-22T16:44:29.680785472+00:00 stdout P partial-1
 * 2026-11-22T16:44:30.182086346+00:00 stdout F              ← completes "partial-1"
 * </pre>
 * P records are joined up to the next F record of the same stream; a message gets the time of its
 * first record. Lines that do not parse and a last line with no newline yet (conmon mid-write) are
 * skipped. P records never completed at the end are returned without a newline. Thread-safe (stateless).
 */
public final class K8sFileLog {
    private K8sFileLog() {}

    /** One line of the file. */
    public record Record(Instant timestamp, LogStream stream, boolean partial, byte[] content) {}

    /** The messages of a log, its rotated files ({@link LogRotation}) first; an absent file has none. */
    public static List<LogMessage> read(Path file, LogQuery query) {
        List<LogMessage> out = new ArrayList<>();
        try {
            read(file, query, out::add);
        } catch (IOException e) {
            throw EngineException.internal("reading log file " + file, e);
        }
        return List.copyOf(out);
    }

    /**
     * Hands the messages of a log that the query accepts to {@code sink}, oldest first, its rotated
     * files first, reading the files in pieces: memory stays bounded by the tail asked for (or by one
     * message without a tail), however large the log. Stops early when the sink refuses a message.
     */
    public static void read(Path file, LogQuery query, LogFollower.Sink sink) throws IOException {
        // Every file is opened before any is read: a rotation while a slow client reads renames the
        // files, but what is open stays what it was. The current file is read up to the size it had
        // at the start, so a container writing faster than the client reads cannot make it endless.
        List<java.io.InputStream> files = new ArrayList<>();
        try {
            for (Path rotated : LogRotation.rotatedFiles(file)) {
                open(rotated, Long.MAX_VALUE, files);
            }
            open(file, -1, files);
            read(files, query, sink);
        } finally {
            for (java.io.InputStream in : files) {
                in.close();
            }
        }
    }

    /** The messages of a log's content in memory, as {@link #read(Path, LogQuery)} gives a file's. */
    public static List<LogMessage> read(byte[] content, LogQuery query) {
        List<LogMessage> out = new ArrayList<>();
        try {
            read(List.of(new java.io.ByteArrayInputStream(content)), query, out::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return List.copyOf(out);
    }

    /** The log's files in order, oldest first, through one joiner and the query. */
    private static void read(List<java.io.InputStream> files, LogQuery query, LogFollower.Sink sink)
            throws IOException {
        Joiner joiner = new Joiner();
        QueryFilter filter = new QueryFilter(query, sink);
        for (java.io.InputStream in : files) {
            if (!scan(in, joiner, filter)) {
                return;
            }
        }
        for (LogMessage rest : joiner.flush()) {
            if (!filter.offer(rest)) {
                return;
            }
        }
        if (filter.finish()) {
            filter.flush();
        }
    }

    /**
     * Opens {@code file} for reading, limited to {@code limit} bytes ({@code -1}: its size now), and
     * adds it to {@code opened}; a file rotated away meanwhile is skipped.
     */
    static void open(Path file, long limit, List<java.io.InputStream> opened) throws IOException {
        java.nio.channels.FileChannel channel;
        try {
            channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return;
        }
        java.io.InputStream in = java.nio.channels.Channels.newInputStream(channel);
        long bound = limit < 0 ? channel.size() : limit;
        opened.add(bound == Long.MAX_VALUE ? in : new java.io.FilterInputStream(in) {
            private long left = bound;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        });
    }

    /** Feeds one whole file through the joiner into the filter; false once the sink refused. */
    static boolean scan(java.io.InputStream in, Joiner joiner, QueryFilter filter) throws IOException {
        RecordSplitter splitter = new RecordSplitter();
        byte[] piece = new byte[64 * 1024];
        int n;
        while ((n = in.read(piece)) > 0) {
            for (Record r : splitter.feed(piece, n)) {
                LogMessage m = joiner.add(r);
                if (m != null && !filter.offer(m)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link #scan(java.io.InputStream, Joiner, QueryFilter)} of a file; a missing one has nothing. */
    static boolean scan(Path file, Joiner joiner, QueryFilter filter) throws IOException {
        List<java.io.InputStream> opened = new ArrayList<>(1);
        open(file, Long.MAX_VALUE, opened);
        if (opened.isEmpty()) {
            return true;
        }
        try (java.io.InputStream in = opened.getFirst()) {
            return scan(in, joiner, filter);
        }
    }

    /** Parses one line without its newline; null if it is not a k8s-file record. */
    public static Record parseLine(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parseLine(b, 0, b.length);
    }

    static Record parseLine(byte[] b, int from, int to) {
        int s1 = indexOf(b, (byte) ' ', from, to);
        if (s1 < 0) {
            return null;
        }
        int s2 = indexOf(b, (byte) ' ', s1 + 1, to);
        if (s2 < 0) {
            return null;
        }
        // The tag field is P or F; an F record with empty content may end right after the tag.
        int s3 = indexOf(b, (byte) ' ', s2 + 1, to);
        int tagEnd = s3 < 0 ? to : s3;
        Instant ts;
        LogStream stream;
        try {
            ts = OffsetDateTime.parse(new String(b, from, s1 - from, StandardCharsets.US_ASCII),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            stream = LogStream.parse(new String(b, s1 + 1, s2 - s1 - 1, StandardCharsets.US_ASCII));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return null;
        }
        String tag = new String(b, s2 + 1, tagEnd - s2 - 1, StandardCharsets.US_ASCII);
        boolean partial;
        if (tag.equals("P")) {
            partial = true;
        } else if (tag.equals("F")) {
            partial = false;
        } else {
            return null;
        }
        int cStart = s3 < 0 ? to : s3 + 1;
        byte[] content = new byte[to - cStart];
        System.arraycopy(b, cStart, content, 0, content.length);
        return new Record(ts, stream, partial, content);
    }

    /**
     * Joins records as they come: a message is complete at its stream's next F record. Not
     * thread-safe; one per reader.
     */
    public static final class Joiner {
        /**
         * A line longer than this goes out in pieces without newlines (the same bytes): output that
         * never ends a line, such as a progress bar redrawn with {@code \r}, must not grow memory.
         */
        static final int MAX_LINE = 1 << 20;

        private final Map<LogStream, ByteArrayOutputStream> pending = new EnumMap<>(LogStream.class);
        private final Map<LogStream, Instant> firstTime = new EnumMap<>(LogStream.class);

        /** Adds a record; returns the message it completes, or null while its line goes on. */
        public LogMessage add(Record r) {
            ByteArrayOutputStream buf = pending.computeIfAbsent(r.stream(), k -> new ByteArrayOutputStream());
            firstTime.putIfAbsent(r.stream(), r.timestamp());
            buf.writeBytes(r.content());
            if (r.partial()) {
                if (buf.size() < MAX_LINE) {
                    return null;
                }
                pending.remove(r.stream());
                return new LogMessage(firstTime.remove(r.stream()), r.stream(), buf.toByteArray());
            }
            buf.write('\n');
            pending.remove(r.stream());
            return new LogMessage(firstTime.remove(r.stream()), r.stream(), buf.toByteArray());
        }

        /** Output that stopped mid-line (the writer is gone), in time order, without a newline. */
        public List<LogMessage> flush() {
            List<LogMessage> rest = new ArrayList<>();
            pending.forEach((stream, buf) -> rest.add(new LogMessage(firstTime.get(stream), stream, buf.toByteArray())));
            rest.sort((a, c) -> a.timestamp().compareTo(c.timestamp()));
            pending.clear();
            firstTime.clear();
            return rest;
        }
    }

    private static int indexOf(byte[] b, byte c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
