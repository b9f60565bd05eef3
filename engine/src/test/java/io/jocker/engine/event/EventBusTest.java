package io.jocker.engine.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventBusTest {

    private static Event event(int seq) {
        return Event.local("container", "start", Integer.toString(seq), Map.of(), seq);
    }

    private static List<Integer> seqs(List<Event> events) {
        return events.stream().map(e -> Integer.parseInt(e.actorId())).toList();
    }

    @Test
    void constructor_capacityBelowOne_throwsIllegalArgumentException() {
        assertThatThrownBy(() -> new EventBus(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
        assertThatThrownBy(() -> new EventBus(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscribe_emptyBus_hasNoHistory() {
        EventBus bus = new EventBus(8);

        try (EventBus.Subscription subscription = bus.subscribe(e -> {})) {
            assertThat(subscription.history()).isEmpty();
        }
    }

    @Test
    void subscribe_afterPublishes_returnsHistoryOldestFirst() {
        EventBus bus = new EventBus(8);
        bus.publish(event(1));
        bus.publish(event(2));
        bus.publish(event(3));

        try (EventBus.Subscription subscription = bus.subscribe(e -> {})) {
            assertThat(seqs(subscription.history())).containsExactly(1, 2, 3);
        }
    }

    @Test
    void subscribe_beyondCapacity_historyKeepsOnlyTheNewest() {
        EventBus bus = new EventBus(3);
        IntStream.rangeClosed(1, 5).forEach(i -> bus.publish(event(i)));

        try (EventBus.Subscription subscription = bus.subscribe(e -> {})) {
            assertThat(seqs(subscription.history())).containsExactly(3, 4, 5);
        }
    }

    @Test
    void subscribe_capacityOne_keepsOnlyTheLastEvent() {
        EventBus bus = new EventBus(1);
        bus.publish(event(1));
        bus.publish(event(2));

        try (EventBus.Subscription subscription = bus.subscribe(e -> {})) {
            assertThat(seqs(subscription.history())).containsExactly(2);
        }
    }

    @Test
    void subscribe_historyIsASnapshot_laterPublishesDoNotChangeIt() {
        EventBus bus = new EventBus(2);
        bus.publish(event(1));
        List<Event> live = new ArrayList<>();

        try (EventBus.Subscription subscription = bus.subscribe(live::add)) {
            bus.publish(event(2));
            bus.publish(event(3));

            assertThat(seqs(subscription.history())).containsExactly(1);
            assertThat(seqs(live)).containsExactly(2, 3);
        }
    }

    @Test
    void publish_toSubscriber_deliversOnThePublishersThread() throws Exception {
        EventBus bus = new EventBus(8);
        List<Thread> deliveredOn = new CopyOnWriteArrayList<>();
        bus.subscribe(e -> deliveredOn.add(Thread.currentThread()));
        Thread publisher = Thread.ofPlatform().start(() -> bus.publish(event(1)));
        publisher.join();

        assertThat(deliveredOn).containsExactly(publisher);
    }

    @Test
    void publish_severalSubscribers_eachReceivesEveryEventInOrder() {
        EventBus bus = new EventBus(8);
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        bus.subscribe(first::add);
        bus.subscribe(second::add);

        IntStream.rangeClosed(1, 20).forEach(i -> bus.publish(event(i)));

        assertThat(seqs(first)).isEqualTo(IntStream.rangeClosed(1, 20).boxed().toList());
        assertThat(second).isEqualTo(first);
    }

    @Test
    void publish_null_throwsNullPointerException() {
        EventBus bus = new EventBus(8);

        assertThatThrownBy(() -> bus.publish(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void subscribe_nullSink_throwsNullPointerException() {
        EventBus bus = new EventBus(8);

        assertThatThrownBy(() -> bus.subscribe(null)).isInstanceOf(NullPointerException.class);
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void close_subscription_stopsDeliveryAndDropsTheCount() {
        EventBus bus = new EventBus(8);
        List<Event> received = new ArrayList<>();
        EventBus.Subscription subscription = bus.subscribe(received::add);
        bus.publish(event(1));

        subscription.close();
        bus.publish(event(2));

        assertThat(seqs(received)).containsExactly(1);
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void close_twice_isHarmless() {
        EventBus bus = new EventBus(8);
        EventBus.Subscription kept = bus.subscribe(e -> {});
        EventBus.Subscription closed = bus.subscribe(e -> {});

        closed.close();
        closed.close();

        assertThat(bus.subscriberCount()).isEqualTo(1);
        kept.close();
    }

    @Test
    void subscriberCount_tracksSubscribeAndClose() {
        EventBus bus = new EventBus(8);
        assertThat(bus.subscriberCount()).isZero();

        EventBus.Subscription a = bus.subscribe(e -> {});
        EventBus.Subscription b = bus.subscribe(e -> {});
        assertThat(bus.subscriberCount()).isEqualTo(2);

        a.close();
        assertThat(bus.subscriberCount()).isEqualTo(1);
        b.close();
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void publish_sinkThrows_unsubscribesItAndOthersStillReceive() {
        EventBus bus = new EventBus(8);
        List<Event> before = new ArrayList<>();
        List<Event> after = new ArrayList<>();
        AtomicInteger brokenCalls = new AtomicInteger();
        bus.subscribe(before::add);
        bus.subscribe(e -> {
            brokenCalls.incrementAndGet();
            throw new IllegalStateException("client went away");
        });
        bus.subscribe(after::add);

        bus.publish(event(1));
        bus.publish(event(2));

        assertThat(brokenCalls).hasValue(1);
        assertThat(seqs(before)).containsExactly(1, 2);
        assertThat(seqs(after)).containsExactly(1, 2);
        assertThat(bus.subscriberCount()).isEqualTo(2);
    }

    @Test
    void publish_sinkThrows_publisherDoesNotSeeTheFailureAndHistoryKeepsTheEvent() {
        EventBus bus = new EventBus(8);
        bus.subscribe(e -> {
            throw new RuntimeException("boom");
        });

        bus.publish(event(1));

        try (EventBus.Subscription subscription = bus.subscribe(e -> {})) {
            assertThat(seqs(subscription.history())).containsExactly(1);
        }
    }

    @Test
    void publish_throughThePublisherPort_reachesSubscribers() {
        EventBus bus = new EventBus(8);
        List<Event> received = new ArrayList<>();
        bus.subscribe(received::add);
        io.jocker.common.event.EventPublisher port = bus;

        port.publish(event(7));

        assertThat(seqs(received)).containsExactly(7);
    }

    /**
     * Subscribers join while a publisher is busy: for each, history followed by live events must be
     * exactly the published sequence, with no gap at the cut and no event seen twice. Repeated a few
     * times because a race shows only now and then.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void subscribe_whilePublishingConcurrently_historyPlusLiveHasNoGapOrDuplicate() throws Exception {
        int total = 50_000;
        for (int round = 0; round < 8; round++) {
            List<Integer> expected = IntStream.range(0, total).boxed().toList();
            for (List<Integer> seen : publishWhileSubscribing(total, total, 6)) {
                assertThat(seen).isEqualTo(expected);
            }
        }
    }

    /** With a small buffer the replay is truncated at the old end, but never has a hole at the cut. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void subscribe_whilePublishingWithSmallCapacity_historyPlusLiveIsContiguousToTheEnd() throws Exception {
        int total = 30_000;
        int capacity = 64;
        for (int round = 0; round < 8; round++) {
            for (List<Integer> seen : publishWhileSubscribing(total, capacity, 6)) {
                int first = seen.get(0);
                assertThat(seen).isEqualTo(IntStream.range(first, total).boxed().toList());
            }
        }
    }

    /**
     * One thread publishes events 0..total-1 while {@code subscribers} threads subscribe at spread-out
     * points; the last events are held back until everyone has subscribed, so each subscriber has both
     * history and live events. Returns, per subscriber, the sequence numbers of history then live.
     */
    private static List<List<Integer>> publishWhileSubscribing(int total, int capacity, int subscribers)
            throws Exception {
        EventBus bus = new EventBus(capacity);
        AtomicInteger published = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch allSubscribed = new CountDownLatch(subscribers);
        int tail = 100;
        ExecutorService pool = Executors.newFixedThreadPool(subscribers + 1);
        try {
            Future<?> publisher = pool.submit(() -> {
                start.await();
                for (int i = 0; i < total; i++) {
                    if (i == total - tail) {
                        allSubscribed.await();
                    }
                    bus.publish(event(i));
                    published.incrementAndGet();
                }
                return null;
            });
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int s = 0; s < subscribers; s++) {
                int joinAt = (total - tail) * s / subscribers; // 0, 1/6, 2/6 ... of the way through
                results.add(pool.submit(() -> {
                    start.await();
                    while (published.get() < joinAt) {
                        Thread.onSpinWait();
                    }
                    ConcurrentLinkedQueue<Event> live = new ConcurrentLinkedQueue<>();
                    EventBus.Subscription subscription = bus.subscribe(live::add);
                    allSubscribed.countDown();
                    publisher.get();
                    subscription.close();
                    List<Integer> seen = new ArrayList<>(seqs(subscription.history()));
                    seen.addAll(seqs(List.copyOf(live)));
                    return seen;
                }));
            }
            start.countDown();
            publisher.get(60, TimeUnit.SECONDS);
            List<List<Integer>> seen = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                seen.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(bus.subscriberCount()).isZero();
            return seen;
        } finally {
            pool.shutdownNow();
        }
    }
}
