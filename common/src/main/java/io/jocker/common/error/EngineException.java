package io.jocker.common.error;

import java.util.Objects;

/**
 * The one exception type that crosses module boundaries. Its message is what a user reads (the
 * Docker CLI prints it after "Error response from daemon: "), so where Docker's CLI shows a text,
 * the message is Docker's exact wording.
 *
 * <p>Wrap with {@link #wrap} to add context while keeping both the kind and the cause.
 */
public class EngineException extends RuntimeException {
    private final ErrorKind kind;

    public EngineException(ErrorKind kind, String message) {
        this(kind, message, null);
    }

    public EngineException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ErrorKind kind() {
        return kind;
    }

    public static EngineException invalidArgument(String message) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, message);
    }

    public static EngineException invalidArgument(String message, Throwable cause) {
        return new EngineException(ErrorKind.INVALID_ARGUMENT, message, cause);
    }

    public static EngineException notFound(String message) {
        return new EngineException(ErrorKind.NOT_FOUND, message);
    }

    public static EngineException conflict(String message) {
        return new EngineException(ErrorKind.CONFLICT, message);
    }

    public static EngineException unauthorized(String message) {
        return new EngineException(ErrorKind.UNAUTHORIZED, message);
    }

    public static EngineException forbidden(String message) {
        return new EngineException(ErrorKind.FORBIDDEN, message);
    }

    /** No message reaches the user: dockerd answers 304 with an empty body. */
    public static EngineException notModified(String what) {
        return new EngineException(ErrorKind.NOT_MODIFIED, what);
    }

    public static EngineException notImplemented(String message) {
        return new EngineException(ErrorKind.NOT_IMPLEMENTED, message);
    }

    public static EngineException unavailable(String message) {
        return new EngineException(ErrorKind.UNAVAILABLE, message);
    }

    public static EngineException internal(String message, Throwable cause) {
        return new EngineException(ErrorKind.INTERNAL, message, cause);
    }

    /** Adds context ("loading image x: ...") and keeps the kind of the cause. */
    public static EngineException wrap(String context, EngineException cause) {
        return new EngineException(cause.kind(), context + ": " + cause.getMessage(), cause);
    }
}
