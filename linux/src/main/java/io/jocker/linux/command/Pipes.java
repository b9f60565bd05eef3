package io.jocker.linux.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Reading a child process's pipes without ever letting one fill up. Stateless. */
public final class Pipes {
    private Pipes() {}

    /**
     * Reads {@code in} to its end on a virtual thread of its own and closes it: what a child wrote,
     * as UTF-8. Drain stdout and stderr this way at once, or a chatty child blocks on the pipe no one
     * reads.
     */
    public static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }
}
