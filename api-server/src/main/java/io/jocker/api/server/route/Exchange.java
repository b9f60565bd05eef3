package io.jocker.api.server.route;

/**
 * The answering side of one request. Call one of the answer methods once; calling a second time is
 * a bug and throws {@link IllegalStateException}. Methods may be called from any thread.
 */
public interface Exchange {

    /** A complete JSON response. */
    void json(int status, Object body);

    /** A complete response with a body of the given media type. */
    default void bytes(int status, String contentType, byte[] body) {
        bytes(status, contentType, body, java.util.Map.of());
    }

    /** A complete response with a body and extra headers. */
    void bytes(int status, String contentType, byte[] body, java.util.Map<String, String> headers);

    /** A response with no body (204, 201 with nothing to say, 304). */
    void empty(int status);

    /**
     * Starts a chunked response and flushes its headers at once (clients such as the docker CLI
     * wait for them before doing anything else).
     */
    ResponseStream stream(int status, String contentType);

    /**
     * Takes over the connection for raw bytes both ways (attach, exec). Answers
     * {@code 101 UPGRADED} when the client asked to upgrade, else {@code 200 OK} with no length.
     */
    void hijack(String contentType, RawStreamHandler handler);
}
