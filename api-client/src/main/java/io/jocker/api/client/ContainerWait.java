package io.jocker.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A {@code POST /containers/{id}/wait} whose response head has arrived (the engine sends it at
 * once) and whose body arrives when the condition is met. It has a connection of its own, so the
 * caller can start the container on the client's connection meanwhile, as the docker CLI does.
 * Not thread-safe; {@link #close()} may be called from another thread to abandon it.
 */
public final class ContainerWait implements AutoCloseable {
    private final HttpConnection connection;
    private final HttpResponse response;

    ContainerWait(HttpConnection connection, HttpResponse response) {
        this.connection = connection;
        this.response = response;
    }

    /**
     * Blocks until the engine answers: {@code {"Error":null,"StatusCode":3}} or
     * {@code {"Error":{"Message":"…"},"StatusCode":-1}}.
     *
     * @throws IOException if the connection ends first
     */
    public JsonNode result() throws IOException {
        return JsonTrees.read(response.readBody());
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException e) {
            // abandoning the wait; nothing to recover
        }
    }
}
