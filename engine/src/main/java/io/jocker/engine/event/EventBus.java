package io.jocker.engine.event;

import io.jocker.common.event.Event;
import io.jocker.common.event.EventPublisher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans events out to subscribers and keeps the most recent ones for {@code since} replays.
 *
 * <p>Lifecycle: services {@link #publish} through the {@link EventPublisher} port; an API stream
 * calls {@link #subscribe}, which atomically returns the buffered events and registers the sink for
 * everything published afterwards, so a subscriber neither misses nor repeats an event. Sinks are
 * called on the publisher's thread and must not block (the API's sinks queue into a non-blocking
 * channel write). Like dockerd, the buffer keeps a bounded number of events, not a time window.
 *
 * <p>Thread-safe.
 */
public final class EventBus implements EventPublisher {
    /** dockerd keeps 256; a little more history costs nothing and helps {@code --since}. */
    public static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final ArrayDeque<Event> recent;
    private final List<Registration> sinks = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();

    public EventBus(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.recent = new ArrayDeque<>(capacity);
    }

    @Override
    public void publish(Event event) {
        Objects.requireNonNull(event, "event");
        synchronized (lock) {
            if (recent.size() == capacity) {
                recent.removeFirst();
            }
            recent.addLast(event);
            // Delivered under the lock so that subscribe() sees a clean cut between replay and live.
            for (Registration registration : sinks) {
                registration.deliver(event);
            }
        }
    }

    /**
     * Registers {@code sink} for events published from now on and returns the buffered history.
     * The caller replays the history (filtered as it likes) before it lets live events through;
     * close the subscription when the stream ends.
     */
    public Subscription subscribe(EventSink sink) {
        Registration registration = new Registration(Objects.requireNonNull(sink, "sink"));
        synchronized (lock) {
            List<Event> history = new ArrayList<>(recent);
            sinks.add(registration);
            return new Subscription(history, () -> sinks.remove(registration));
        }
    }

    public int subscriberCount() {
        return sinks.size();
    }

    /** Receives live events. Must not block; a sink that throws is unsubscribed. */
    @FunctionalInterface
    public interface EventSink {
        void accept(Event event);
    }

    /**
     * An active subscription.
     *
     * @param history the buffered events at the moment of subscribing, oldest first
     */
    public record Subscription(List<Event> history, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final class Registration {
        private final EventSink sink;

        Registration(EventSink sink) {
            this.sink = sink;
        }

        void deliver(Event event) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // A broken subscriber must not stop delivery to the others or fail the publisher.
                sinks.remove(this);
            }
        }
    }
}
