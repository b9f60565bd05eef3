package io.jocker.api.server.route;

/**
 * A response body sent in pieces, each flushed as it is written. Thread-safe. Writes after the
 * client went away are dropped; {@link #isOpen()} tells a producer when to stop.
 */
public interface ResponseStream {
    void write(byte[] chunk);

    /**
     * Writes a chunk and, when the client is not keeping up, waits until what is queued has gone
     * out: for producers of large bodies (save, export) on their own thread, so memory stays
     * bounded by the connection's high-water mark. Never call it from a thread that must not
     * block (event fan-out uses {@link #write} and gives up on unwritable streams instead).
     *
     * @throws java.io.IOException when the client went away
     */
    void writeAndWait(byte[] chunk) throws java.io.IOException;

    /** Ends the response; the connection stays usable for the next request. */
    void end();

    /** Ends the response by closing the connection: for failures after the status went out. */
    void abort();

    boolean isOpen();

    /** Called once, on the event loop, when the client disconnects or the stream ends. */
    void onClose(Runnable action);

    /**
     * Whether the client is keeping up. A producer that must not block (event fan-out) gives up on a
     * stream that stays unwritable rather than buffering without bound.
     */
    boolean isWritable();
}
