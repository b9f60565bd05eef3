package io.jocker.api.server.route;

/**
 * Receives the events of a hijacked connection, in order, on one thread at a time (the
 * connection's event loop). Must not block: hand blocking work to another thread.
 */
public interface RawStreamHandler {
    /** The 101/200 head is out; bytes may flow. */
    void onOpen(RawStream stream);

    /** Bytes from the client (stdin). The array is the handler's to keep. */
    void onInput(byte[] data);

    /**
     * The client half-closed its side (end of stdin). This is not a disconnect: keep sending output
     * until the work is done, then close.
     */
    void onInputClosed();

    /** The connection is gone, by either side. */
    void onClosed();
}
