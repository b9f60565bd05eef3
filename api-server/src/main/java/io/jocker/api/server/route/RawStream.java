package io.jocker.api.server.route;

/** The server's side of a hijacked connection. Thread-safe. */
public interface RawStream {
    void write(byte[] data);

    /** Half-closes: no more output, but input keeps flowing. */
    void shutdownOutput();

    void close();

    boolean isOpen();
}
