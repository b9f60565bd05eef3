package io.jocker.daemon.container;

import io.jocker.engine.container.ContainerAttach;
import io.jocker.runtime.shim.AttachFrame;
import io.jocker.runtime.shim.AttachSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client attached to one container through conmon's attach socket. The docker CLI attaches
 * before it starts the container, so the session may exist before the socket does: input is queued
 * on a writer thread that waits for {@link #connect}. Socket calls block in native code, so both
 * the reader and the writer are platform threads (a pinned virtual thread would stall a carrier).
 */
final class AttachSession implements ContainerAttach.Session {
    private final String containerId;
    private final boolean stdin;
    private final ContainerAttach.Sink sink;
    private final Consumer<AttachSession> onEnd;
    private final CompletableFuture<AttachSocket> socket = new CompletableFuture<>();
    /** Keeps input in order and off the caller's thread (an HTTP event loop must never block). */
    private final ExecutorService writer;
    private volatile boolean closed;
    private final AtomicBoolean ending = new AtomicBoolean();
    /** Completed last, once the sink has ended: an exit waits on it to be reported after the output. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    AttachSession(String containerId, boolean stdin, ContainerAttach.Sink sink, Consumer<AttachSession> onEnd) {
        this.containerId = containerId;
        this.stdin = stdin;
        this.sink = sink;
        this.onEnd = onEnd;
        this.writer = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("attach-in-" + shortId()).factory());
    }

    /** Connects to the socket at {@code path} and starts copying output to the sink. */
    void connect(Path path) {
        AttachSocket connected = AttachSocket.connect(path);
        if (!socket.complete(connected)) {
            connected.close(); // already connected (attached while starting): keep the first
            return;
        }
        Thread.ofPlatform().daemon().name("attach-out-" + shortId()).start(() -> pump(connected));
    }

    private void pump(AttachSocket from) {
        try (from) {
            for (AttachFrame frame = from.receive(); frame != null && !closed; frame = from.receive()) {
                sink.output(frame.stream() == AttachFrame.STDERR, frame.payload());
            }
        } catch (RuntimeException e) {
            // the stream broke: the client sees its end, the exit status comes from wait
        } finally {
            end();
        }
    }

    @Override
    public void input(byte[] data) {
        if (stdin && !closed) {
            writer.execute(() -> connected().send(data));
        }
    }

    @Override
    public void closeInput() {
        if (stdin && !closed) {
            writer.execute(() -> connected().closeWrite());
        }
    }

    @Override
    public void close() {
        closed = true;
        end();
    }

    private void end() {
        if (ending.getAndSet(true)) {
            return; // the pump and the client's close can both get here
        }
        writer.shutdownNow(); // a writer still waiting for a start that never comes is interrupted
        onEnd.accept(this);
        sink.end();
        ended.complete(null);
    }

    /** Completes when the client has had all the output (or left). */
    CompletableFuture<Void> ended() {
        return ended;
    }

    private AttachSocket connected() {
        try {
            return socket.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("attach to " + containerId + " ended before the container started", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private String shortId() {
        return containerId.substring(0, Math.min(12, containerId.length()));
    }
}
