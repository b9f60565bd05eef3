package io.jocker.api.client;

/**
 * The engine answered with an error: an error status, whose message the CLI prints after
 * "Error response from daemon: ", or an error inside a 200 progress stream
 * ({@code {"errorDetail":{"code":7,"message":"…"},"error":"…"}}), which the docker CLI prints as
 * it is and whose code a build exits with.
 */
public final class EngineResponseException extends RuntimeException {
    private final int status;
    private final boolean streamed;
    private final int code;

    public EngineResponseException(int status, String message) {
        this(status, message, false, 0);
    }

    private EngineResponseException(int status, String message, boolean streamed, int code) {
        super(message);
        this.status = status;
        this.streamed = streamed;
        this.code = code;
    }

    /** An error the engine reported inside a stream it had started with 200. */
    public static EngineResponseException streamed(String message, int code) {
        return new EngineResponseException(200, message, true, code);
    }

    /** The HTTP status; 200 for an error inside a stream. */
    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    /** Whether the error came inside a 200 stream rather than as an error status. */
    public boolean isStreamed() {
        return streamed;
    }

    /** {@code errorDetail.code} of a streamed error, 0 when the engine gave none. */
    public int code() {
        return code;
    }
}
