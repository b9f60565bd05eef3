package io.jocker.api.server.error;

import io.jocker.api.server.version.UnsupportedVersionException;
import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.netty.handler.codec.TooLongFrameException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The only place that turns a failure into an HTTP status and message (moby's httpstatus does the
 * same job). Routers and services never choose status codes; they throw {@link EngineException} of
 * a kind. Thread-safe (stateless).
 */
public final class ErrorMapper {
    private static final Logger LOG = System.getLogger(ErrorMapper.class.getName());

    /**
     * What to answer.
     *
     * @param status the HTTP status
     * @param message the {@code message} of the JSON body, or null for no body (304)
     * @param plainText whether the message goes out as plain text instead of JSON
     */
    public record Answer(int status, String message, boolean plainText) {
        Answer(int status, String message) {
            this(status, message, false);
        }
    }

    private ErrorMapper() {}

    public static Answer map(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof EngineException e) {
            if (e.kind() == ErrorKind.INTERNAL) {
                LOG.log(Level.ERROR, "internal error: " + e.getMessage(), e);
            }
            return new Answer(statusOf(e.kind()), e.kind() == ErrorKind.NOT_MODIFIED ? null : e.getMessage());
        }
        if (t instanceof UnsupportedVersionException e) {
            return new Answer(400, e.getMessage(), true);
        }
        if (t instanceof TooLongFrameException e) {
            return new Answer(e.getMessage() != null && e.getMessage().contains("header") ? 431 : 400,
                    "request header too large: " + e.getMessage());
        }
        LOG.log(Level.ERROR, "unexpected failure serving a request", t);
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new Answer(500, message);
    }

    /** The status for each kind: dockerd's choices in moby's errdefs / httpstatus. */
    public static int statusOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case NOT_MODIFIED -> 304;
            case NOT_IMPLEMENTED -> 501;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException
                || current instanceof java.lang.reflect.UndeclaredThrowableException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
