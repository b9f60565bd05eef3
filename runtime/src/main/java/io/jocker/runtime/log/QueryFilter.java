package io.jocker.runtime.log;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Applies a {@link LogQuery} to messages as they come, oldest first: streams and times at once, and a
 * tail by keeping only the last N messages until {@link #finish}. Not thread-safe.
 */
final class QueryFilter {
    private final LogQuery query;
    private final LogFollower.Sink sink;
    private final Deque<LogMessage> tail = new ArrayDeque<>();
    private boolean stopped;
    private boolean finished;

    QueryFilter(LogQuery query, LogFollower.Sink sink) {
        this.query = query;
        this.sink = sink;
    }

    /** @return false once the sink refused a message (its client went away) */
    boolean offer(LogMessage m) throws IOException {
        if (stopped || !query.accepts(m)) {
            return !stopped;
        }
        if (query.tail() < 0 || finished) {
            stopped = !sink.accept(m);
            return !stopped;
        }
        tail.addLast(m);
        if (tail.size() > query.tail()) {
            tail.removeFirst();
        }
        return true;
    }

    /** Sends what a tail kept; after it, messages go straight to the sink. */
    boolean finish() throws IOException {
        finished = true;
        while (!stopped && !tail.isEmpty()) {
            stopped = !sink.accept(tail.removeFirst());
        }
        return !stopped;
    }

    boolean stopped() {
        return stopped;
    }

    /** Lets a batching sink send what it holds. */
    void flush() throws IOException {
        if (!stopped) {
            sink.flush();
        }
    }
}
