package io.jocker.storage.archive;

import java.io.IOException;

/**
 * The layer's bytes are wrong (bad header, truncated, over a limit); the message is what the user
 * reads, in Docker's wording where Docker has one. Thrown inside the read pipeline and turned into
 * an invalid-argument {@code EngineException} at its edge.
 */
final class LayerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    static final String UNEXPECTED_EOF = "unexpected EOF";
    static final String INVALID_HEADER = "archive/tar: invalid tar header";

    LayerFormatException(String message) {
        super(message);
    }

    LayerFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
