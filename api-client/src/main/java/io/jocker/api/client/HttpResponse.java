package io.jocker.api.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response whose body may still be arriving. Close it (or read the body to its end) before the
 * connection is used again. Not thread-safe.
 *
 * @param status the status code
 * @param headers header names lower-cased
 * @param body the body, de-chunked; ends where the response ends
 */
public record HttpResponse(int status, Map<String, String> headers, InputStream body) implements AutoCloseable {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public byte[] readBody() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    /** Copies the rest of the body to {@code out} as it arrives; returns the number of bytes. */
    public long transferBody(OutputStream out) throws IOException {
        try (InputStream in = body) {
            return in.transferTo(out);
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
