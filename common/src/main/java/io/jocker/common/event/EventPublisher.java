package io.jocker.common.event;

/**
 * Where a service reports what it did. Every module that changes engine state publishes through
 * this narrow interface; the engine's bus fans events out to {@code /events} subscribers.
 *
 * <p>Implementations are thread-safe and never block the publisher on a slow subscriber.
 */
@FunctionalInterface
public interface EventPublisher {
    void publish(Event event);
}
