package io.jocker.api.server.version;

/**
 * A client speaking an API version older than {@link ApiVersion#MIN}. dockerd answers these in
 * plain text rather than JSON, because such old clients print a JSON body as-is.
 */
public final class UnsupportedVersionException extends RuntimeException {
    public UnsupportedVersionException(String message) {
        super(message);
    }
}
