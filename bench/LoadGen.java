import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Closed-loop HTTP/1.1 load generator for an engine's unix socket, used by {@code bench/run} to
 * measure requests per second on {@code /_ping} and {@code /info}.
 *
 * <p>Each connection is one platform thread that sends {@code GET <path>} and waits for the whole
 * response before sending the next, so the rate is bounded by the server's latency, not by a
 * request queue. A warm-up phase runs first and is not counted: the JVM server needs JIT warm-up,
 * and Go's does not, so counting from the first request would measure the compiler, not the
 * server. A request counts when it starts and completes inside the measured phase.
 *
 * <pre>
 * java bench/LoadGen.java --socket /tmp/x/jocker.sock --path /_ping --connections 4 --seconds 10
 * java bench/LoadGen.java --socket /var/run/docker.sock --path /info --connections 1 \
 *     --new-connection-per-request --warmup 5 --json
 * </pre>
 *
 * <p>Exit status: 0 when every counted request got a 2xx, 1 when some failed or none completed,
 * 2 on a usage error, 3 when the server stopped answering.
 */
public final class LoadGen {
    /** How long after the measured phase a connection may still wait for a response. */
    private static final int STALL_SECONDS = 10;

    /** Immutable command line. */
    record Options(Path socket, String path, int connections, int seconds, int warmupSeconds,
                   boolean newConnectionPerRequest, boolean json) {

        static Options parse(String[] args) {
            Path socket = null;
            String path = "/_ping";
            int connections = 1;
            int seconds = 10;
            int warmup = 5;
            boolean newConnection = false;
            boolean json = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--socket" -> socket = Path.of(value(args, ++i));
                    case "--path" -> path = value(args, ++i);
                    case "--connections" -> connections = positive(args, ++i, 1);
                    case "--seconds" -> seconds = positive(args, ++i, 1);
                    case "--warmup" -> warmup = positive(args, ++i, 0);
                    case "--new-connection-per-request" -> newConnection = true;
                    case "--json" -> json = true;
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (socket == null) {
                throw new IllegalArgumentException("--socket is required");
            }
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("--path must start with /: " + path);
            }
            return new Options(socket, path, connections, seconds, warmup, newConnection, json);
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            return args[i];
        }

        private static int positive(String[] args, int i, int min) {
            String text = value(args, i);
            try {
                int n = Integer.parseInt(text);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Falls through to the message below, which names the flag and the value.
            }
            throw new IllegalArgumentException(args[i - 1] + " must be an integer >= " + min + ": " + text);
        }

        String mode() {
            return newConnectionPerRequest ? "new-connection" : "keep-alive";
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadGen: " + e.getMessage());
            System.err.println("usage: java bench/LoadGen.java --socket PATH [--path /_ping] [--connections N]"
                    + " [--seconds S] [--warmup S] [--new-connection-per-request] [--json]");
            System.exit(2);
            return;
        }
        byte[] request = ("GET " + options.path() + " HTTP/1.1\r\nHost: localhost\r\n"
                + "User-Agent: jocker-bench-loadgen\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        long measureStart = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.warmupSeconds());
        long measureEnd = measureStart + TimeUnit.SECONDS.toNanos(options.seconds());
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.connections(); i++) {
            Worker worker = new Worker(options, request, measureStart, measureEnd);
            Thread thread = new Thread(worker, "loadgen-" + i);
            // Daemon threads: a server that stops answering must not keep this process alive.
            thread.setDaemon(true);
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        long deadline = measureEnd + TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            long left = deadline - System.nanoTime();
            if (left > 0) {
                thread.join(Nanos.toMillisAtLeastOne(left));
            }
            if (thread.isAlive()) {
                // Still waiting for a response long after the end: closing the channel wakes the
                // blocked read, and the worker ends with the request counted as failed.
                workers.get(i).abort();
                thread.join(TimeUnit.SECONDS.toMillis(STALL_SECONDS));
            }
        }

        Result result = Result.merge(options, workers);
        System.out.println(options.json() ? result.toJson() : result.toText());
        if (result.firstError() != null) {
            System.err.println("LoadGen: first error: " + result.firstError());
        }
        if (result.stalled() > 0) {
            System.err.println("LoadGen: " + result.stalled() + " connection(s) to " + options.socket()
                    + " got no response to GET " + options.path() + " within " + STALL_SECONDS
                    + " s after the measured phase ended");
            System.exit(3);
        }
        System.exit(result.failed() > 0 || result.requests() == 0 ? 1 : 0);
    }

    /** Nanosecond helpers. */
    static final class Nanos {
        private Nanos() {
        }

        static long toMillisAtLeastOne(long nanos) {
            return Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos));
        }

        static double toMillis(long nanos) {
            return nanos / 1_000_000.0;
        }
    }

    /** One connection's closed loop. Not thread-safe: owned by one thread, read after it ends. */
    static final class Worker implements Runnable {
        private final Options options;
        private final ByteBuffer request;
        private final long measureStart;
        private final long measureEnd;
        private final ResponseReader reader = new ResponseReader();
        private long[] latencies = new long[1 << 16];
        private int requests;
        private int failed;
        private String firstError;
        /** Written by this worker, closed by the main thread if the server stops answering. */
        private volatile SocketChannel channel;
        private volatile boolean stalled;

        Worker(Options options, byte[] request, long measureStart, long measureEnd) {
            this.options = options;
            this.request = ByteBuffer.wrap(request);
            this.measureStart = measureStart;
            this.measureEnd = measureEnd;
        }

        @Override
        public void run() {
            while (true) {
                long started = System.nanoTime();
                if (started >= measureEnd) {
                    break;
                }
                boolean counted = started >= measureStart;
                try {
                    if (channel == null) {
                        channel = connect();
                    }
                    request.rewind();
                    while (request.hasRemaining()) {
                        channel.write(request);
                    }
                    int status = reader.read(channel);
                    long finished = System.nanoTime();
                    if (counted && finished <= measureEnd) {
                        record(finished - started, status >= 200 && status < 300 ? null : "HTTP status " + status);
                    }
                    if (options.newConnectionPerRequest() || reader.closeAfterResponse()) {
                        channel.close();
                        channel = null;
                    }
                } catch (IOException | RuntimeException e) {
                    // RuntimeException: a malformed Content-Length or chunk size from the server.
                    if (stalled) {
                        record(0, "no response within " + STALL_SECONDS + " s after the measured phase");
                        break;
                    }
                    if (counted) {
                        record(System.nanoTime() - started, e.toString());
                    }
                    channel = closeQuietly(channel);
                    // A refused or reset connection fails fast; back off so the loop does not
                    // take the CPU the server needs to recover.
                    sleepQuietly();
                }
            }
            closeQuietly(channel);
        }

        void abort() {
            stalled = true;
            closeQuietly(channel);
        }

        private SocketChannel connect() throws IOException {
            SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                opened.connect(UnixDomainSocketAddress.of(options.socket()));
            } catch (IOException e) {
                opened.close();
                throw e;
            }
            reader.reset();
            return opened;
        }

        private void record(long latency, String error) {
            if (error != null) {
                failed++;
                if (firstError == null) {
                    firstError = error;
                }
                return;
            }
            if (requests == latencies.length) {
                latencies = Arrays.copyOf(latencies, requests * 2);
            }
            latencies[requests++] = latency;
        }

        private static SocketChannel closeQuietly(SocketChannel channel) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing to do: the connection is being dropped either way.
                }
            }
            return null;
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads one HTTP/1.1 response at a time from a connection, keeping bytes that belong to the
     * next response. Frames the body by Content-Length, chunked transfer coding (dockerd chunks
     * bodies over 2 KiB, such as {@code /info}), or connection close, as RFC 9112 section 6.3
     * orders them. Not thread-safe.
     */
    static final class ResponseReader {
        private byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;
        private boolean close;

        void reset() {
            start = 0;
            end = 0;
            close = false;
        }

        /** Whether the last response said the server closes the connection after it. */
        boolean closeAfterResponse() {
            return close;
        }

        /** Reads one whole response, discarding the body; returns the status code. */
        int read(SocketChannel channel) throws IOException {
            int headerEnd = indexOfHeaderEnd(channel);
            int status = parseStatus();
            long contentLength = -1;
            boolean chunked = false;
            close = !startsWith(start, "HTTP/1.1");
            int line = lineEnd(start) + 2;
            while (line < headerEnd) {
                int eol = lineEnd(line);
                int colon = indexOf(line, eol, (byte) ':');
                if (colon > 0) {
                    String name = ascii(line, colon).toLowerCase(Locale.ROOT);
                    String value = ascii(colon + 1, eol).trim();
                    switch (name) {
                        case "content-length" -> contentLength = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> close = value.equalsIgnoreCase("close")
                                || (close && !value.equalsIgnoreCase("keep-alive"));
                        default -> {
                        }
                    }
                }
                line = eol + 2;
            }
            start = headerEnd + 4;
            if ((status >= 100 && status < 200) || status == 204 || status == 304) {
                return status;
            }
            if (chunked) {
                skipChunked(channel);
            } else if (contentLength >= 0) {
                skip(channel, contentLength);
            } else {
                close = true;
                while (fill(channel)) {
                    start = end;
                }
                start = end;
            }
            return status;
        }

        private void skipChunked(SocketChannel channel) throws IOException {
            while (true) {
                int eol = readLine(channel);
                int semicolon = indexOf(start, eol, (byte) ';');
                long size = Long.parseLong(ascii(start, semicolon < 0 ? eol : semicolon).trim(), 16);
                start = eol + 2;
                if (size == 0) {
                    // Trailer section, ended by an empty line.
                    while (true) {
                        int trailer = readLine(channel);
                        boolean empty = trailer == start;
                        start = trailer + 2;
                        if (empty) {
                            return;
                        }
                    }
                }
                skip(channel, size + 2);
            }
        }

        private void skip(SocketChannel channel, long count) throws IOException {
            long left = count;
            while (true) {
                int available = end - start;
                if (available >= left) {
                    start += (int) left;
                    return;
                }
                left -= available;
                start = end;
                if (!fill(channel)) {
                    throw new EOFException("connection closed with " + left + " body bytes missing");
                }
            }
        }

        private int indexOfHeaderEnd(SocketChannel channel) throws IOException {
            // Offsets relative to start survive fill(), which moves unread bytes to the front.
            int scanned = 0;
            while (true) {
                for (int i = start + scanned; i + 3 < end; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
                        return i;
                    }
                }
                scanned = Math.max(0, end - start - 3);
                if (!fill(channel)) {
                    throw new EOFException(end == start ? "connection closed before a response"
                            : "connection closed inside the response header");
                }
            }
        }

        /** Returns the index of the CR of the next CRLF at or after {@code start}, reading as needed. */
        private int readLine(SocketChannel channel) throws IOException {
            while (true) {
                for (int i = start; i + 1 < end; i++) {
                    if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                        return i;
                    }
                }
                if (!fill(channel)) {
                    throw new EOFException("connection closed inside a chunked body");
                }
            }
        }

        /** Reads more bytes after {@code end}, moving unread bytes to the front first. */
        private boolean fill(SocketChannel channel) throws IOException {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int n = channel.read(ByteBuffer.wrap(buffer, end, buffer.length - end));
            if (n < 0) {
                return false;
            }
            end += n;
            return true;
        }

        private int parseStatus() throws IOException {
            // "HTTP/1.1 200 OK": the code is the three digits after the first space.
            int space = indexOf(start, end, (byte) ' ');
            if (space < 0 || space + 4 > end) {
                throw new IOException("malformed status line: " + ascii(start, lineEnd(start)));
            }
            try {
                return Integer.parseInt(ascii(space + 1, space + 4));
            } catch (NumberFormatException e) {
                throw new IOException("malformed status line: " + ascii(start, lineEnd(start)), e);
            }
        }

        private int lineEnd(int from) {
            for (int i = from; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    return i;
                }
            }
            return end;
        }

        private int indexOf(int from, int to, byte b) {
            for (int i = from; i < to; i++) {
                if (buffer[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private boolean startsWith(int from, String prefix) {
            if (end - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (buffer[from + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String ascii(int from, int to) {
            return new String(buffer, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }

    /** The merged outcome of all connections. Immutable. */
    record Result(Options options, int requests, int failed, int stalled, double requestsPerSecond,
                  double p50Millis, double p99Millis, double maxMillis, String firstError) {

        static Result merge(Options options, List<Worker> workers) {
            int total = workers.stream().mapToInt(w -> w.requests).sum();
            long[] all = new long[total];
            int at = 0;
            int failed = 0;
            int stalled = 0;
            String firstError = null;
            for (Worker worker : workers) {
                System.arraycopy(worker.latencies, 0, all, at, worker.requests);
                at += worker.requests;
                failed += worker.failed;
                stalled += worker.stalled ? 1 : 0;
                if (firstError == null) {
                    firstError = worker.firstError;
                }
            }
            Arrays.sort(all);
            return new Result(options, total, failed, stalled, (double) total / options.seconds(),
                    Nanos.toMillis(percentile(all, 50)), Nanos.toMillis(percentile(all, 99)),
                    total == 0 ? 0 : Nanos.toMillis(all[total - 1]), firstError);
        }

        /** Nearest-rank percentile of sorted values; 0 when there are none. */
        private static long percentile(long[] sorted, int p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }

        String toText() {
            return String.format(Locale.ROOT,
                    "%s %s, %d connection(s), %s: %d requests in %d s (after %d s warm-up): %.0f req/s,"
                            + " p50 %.3f ms, p99 %.3f ms, max %.3f ms, %d failed, %d stalled",
                    options.socket(), options.path(), options.connections(), options.mode(), requests,
                    options.seconds(), options.warmupSeconds(), requestsPerSecond, p50Millis, p99Millis,
                    maxMillis, failed, stalled);
        }

        String toJson() {
            return String.format(Locale.ROOT,
                    "{\"socket\":\"%s\",\"path\":\"%s\",\"connections\":%d,\"mode\":\"%s\",\"warmupSeconds\":%d,"
                            + "\"seconds\":%d,\"requests\":%d,\"failed\":%d,\"stalled\":%d,\"requestsPerSecond\":%.1f,"
                            + "\"p50Ms\":%.4f,\"p99Ms\":%.4f,\"maxMs\":%.4f}",
                    jsonEscape(options.socket().toString()), jsonEscape(options.path()), options.connections(),
                    options.mode(), options.warmupSeconds(), options.seconds(), requests, failed, stalled,
                    requestsPerSecond, p50Millis, p99Millis, maxMillis);
        }

        private static String jsonEscape(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
