package io.jocker.api.server.event;

import io.jocker.api.server.filter.FiltersParam;
import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.ResponseStream;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.RouteGroup;
import io.jocker.api.types.event.EventMessage;
import io.jocker.common.error.EngineException;
import io.jocker.common.event.Event;
import io.jocker.engine.event.EventBus;
import io.jocker.engine.event.EventFilter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /events}: replays buffered events when {@code since} or {@code until} asks for the
 * past, then streams live events, one JSON object and a newline each, until {@code until} or the
 * client leaves. The headers go out at once; the docker CLI waits for them.
 */
public final class EventsRouter implements RouteGroup {
    private final EventBus bus;
    private final Clock clock;

    public EventsRouter(EventBus bus, Clock clock) {
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/events", this::events));
    }

    private void events(ApiRequest request, Exchange exchange) {
        String sinceText = request.query("since").orElse("");
        String untilText = request.query("until").orElse("");
        long since = parseTimestamp("since", sinceText);
        long until = parseTimestamp("until", untilText);
        if (until != NONE && since != NONE && until < since) {
            throw EngineException.invalidArgument("`since` time (" + sinceText + ") cannot be after `until` time ("
                    + untilText + ")");
        }
        EventFilter filter = EventFilter.of(FiltersParam.parse(request.query("filters").orElse(null)));
        long now = nowNanos();
        boolean onlyPast = until != NONE && until < now;

        ResponseStream stream = exchange.stream(200, "application/json");
        Forwarder forwarder = new Forwarder(stream, filter, until);
        EventBus.Subscription subscription = bus.subscribe(forwarder::live);
        stream.onClose(subscription::close);
        List<Event> replay = new ArrayList<>();
        if (since != NONE || until != NONE) {
            long from = since == NONE ? Long.MIN_VALUE : since;
            long to = until == NONE ? Long.MAX_VALUE : until;
            for (Event event : subscription.history()) {
                if (event.timeNano() >= from && event.timeNano() <= to) {
                    replay.add(event);
                }
            }
        }
        forwarder.replay(replay);
        if (onlyPast) {
            subscription.close();
            stream.end();
        } else if (until != NONE) {
            CompletableFuture.delayedExecutor(until - now, TimeUnit.NANOSECONDS).execute(() -> {
                subscription.close();
                forwarder.finish();
            });
        }
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static final long NONE = Long.MIN_VALUE;

    /**
     * Reads {@code <seconds>} or {@code <seconds>.<nanoseconds>}, the forms clients send (the CLI
     * turns durations and dates into these itself).
     */
    static long parseTimestamp(String name, String value) {
        if (value.isEmpty()) {
            return NONE;
        }
        try {
            String[] parts = value.split("\\.", 2);
            long seconds = Long.parseLong(parts[0]);
            long nanos = 0;
            if (parts.length == 2) {
                String fraction = (parts[1] + "000000000").substring(0, 9);
                nanos = Long.parseLong(fraction);
                if (parts[1].length() > 9 || !parts[1].chars().allMatch(Character::isDigit)) {
                    throw new NumberFormatException(value);
                }
            }
            return Math.multiplyExact(seconds, 1_000_000_000L) + (seconds < 0 ? -nanos : nanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw EngineException.invalidArgument("invalid value for '" + name + "': parsing time \"" + value
                    + "\": invalid timestamp");
        }
    }

    /**
     * Writes one subscriber's events in order: live events that arrive while the replay is being
     * written wait until it is done. Never blocks the publisher on the network: a client that stops
     * reading is disconnected instead.
     */
    private static final class Forwarder {
        private final ResponseStream stream;
        private final EventFilter filter;
        private final long until;
        private final List<Event> early = new ArrayList<>();
        private boolean replayed;

        Forwarder(ResponseStream stream, EventFilter filter, long until) {
            this.stream = stream;
            this.filter = filter;
            this.until = until;
        }

        synchronized void replay(List<Event> history) {
            history.forEach(this::send);
            early.forEach(this::send);
            early.clear();
            replayed = true;
        }

        synchronized void live(Event event) {
            if (!replayed) {
                early.add(event);
            } else {
                send(event);
            }
        }

        synchronized void finish() {
            stream.end();
        }

        private void send(Event event) {
            if (!filter.matches(event) || (until != NONE && event.timeNano() > until) || !stream.isOpen()) {
                return;
            }
            if (!stream.isWritable()) {
                stream.abort(); // a slow consumer; dockerd drops such listeners too
                return;
            }
            byte[] json = WireJson.write(toMessage(event));
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            stream.write(line);
        }
    }

    /** The wire shape; the legacy fields are filled for container and image events only, as dockerd does. */
    static EventMessage toMessage(Event event) {
        boolean container = event.type().equals("container");
        boolean legacy = container || event.type().equals("image");
        return new EventMessage(
                legacy ? event.action() : null,
                legacy ? event.actorId() : null,
                container ? event.attributes().get("image") : null,
                event.type(),
                event.action(),
                new EventMessage.Actor(event.actorId(), new java.util.TreeMap<>(event.attributes())),
                event.scope(),
                Math.floorDiv(event.timeNano(), 1_000_000_000L),
                event.timeNano());
    }
}
