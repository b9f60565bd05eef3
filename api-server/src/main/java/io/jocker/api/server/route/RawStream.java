package io.jocker.api.server.route;

/** The server's side of a hijacked connection. Thread-safe. */
public interface RawStream {
    void write(byte[] data);

    /** Half-closes: no more output, but input keeps flowing. */
    void shutdownOutput();

    /**
     * Flushes what was written, then closes. Called from a thread other than the connection's
     * event loop, it returns once the client has had everything (or after a bounded wait).
     */
    void close();

    boolean isOpen();
}
