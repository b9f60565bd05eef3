package io.jocker.common.error;

/**
 * The few ways an operation can fail that a caller can act on. Everything else is internal.
 *
 * <p>Each layer throws {@link EngineException} with one of these kinds; the API server has the only
 * mapping from kind to HTTP status, so no router or service ever picks a status code.
 */
public enum ErrorKind {
    /** The request itself is wrong: a bad name, flag, filter or body. */
    INVALID_ARGUMENT,
    /** The object named does not exist. */
    NOT_FOUND,
    /** The object exists but its state forbids the operation (name in use, container running...). */
    CONFLICT,
    /** The caller is not authenticated (registry credentials, client certificates). */
    UNAUTHORIZED,
    /** The caller is known but not allowed to do this. */
    FORBIDDEN,
    /** The operation would change nothing (start of a running container, stop of a stopped one). */
    NOT_MODIFIED,
    /** The engine knows the request but does not implement it (on this host or at all). */
    NOT_IMPLEMENTED,
    /** The engine cannot serve the request right now (not a swarm manager, shutting down). */
    UNAVAILABLE,
    /** A bug or an unexpected host failure. */
    INTERNAL
}
