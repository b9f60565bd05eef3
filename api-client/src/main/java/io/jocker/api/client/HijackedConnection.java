package io.jocker.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A connection the engine took over after {@code 101 UPGRADED} ({@code POST /containers/{id}/attach}):
 * raw bytes both ways, no HTTP framing. The input carries the container's output (multiplexed
 * frames unless the container has a TTY, see {@link #contentType()}); the output carries stdin.
 * Closing the output side alone ({@link #closeWrite()}) tells the engine stdin ended while its
 * output keeps arriving.
 *
 * <p>Reading and writing may happen on two threads; closing from a third ends both.
 */
public final class HijackedConnection implements AutoCloseable {
    private final HttpConnection connection;
    private final InputStream in;
    private final String contentType;

    HijackedConnection(HttpConnection connection, HttpResponse response) {
        this.connection = connection;
        this.in = response.body();
        this.contentType = response.header("Content-Type").orElse("");
    }

    /** The container's output as the engine sends it. */
    public InputStream input() {
        return in;
    }

    /** Where stdin goes. */
    public OutputStream output() {
        return connection.rawOutput();
    }

    /**
     * {@code application/vnd.docker.multiplexed-stream} or {@code …raw-stream}; engines before
     * API 1.42 send raw-stream for both, so callers decide by the container's {@code Tty}.
     */
    public String contentType() {
        return contentType;
    }

    /** Half-closes: the engine sees the end of stdin and keeps sending output. */
    public void closeWrite() throws IOException {
        connection.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // the stream is over either way; nothing to recover
        }
    }
}
