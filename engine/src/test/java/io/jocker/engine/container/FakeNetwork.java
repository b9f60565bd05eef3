package io.jocker.engine.container;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A default bridge without kernel: hands out 10.0.0.2, .3, … and records the calls. */
final class FakeNetwork implements ContainerNetwork {
    final Map<String, NetworkEndpoint> endpoints = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger(2);

    @Override
    public String hostName() {
        return "fakehost";
    }

    @Override
    public String networkId(String name) {
        return (name.charAt(0) + "0").repeat(32);
    }

    @Override
    public NetworkEndpoint connect(ContainerRecord record) {
        calls.add("connect " + record.id());
        return endpoints.computeIfAbsent(record.id(), id -> new NetworkEndpoint("bridge", networkId("bridge"),
                "e".repeat(64), "/run/netns/" + id, "10.0.0." + next.getAndIncrement(), 24, "10.0.0.1",
                "02:42:0a:00:00:02"));
    }

    @Override
    public void disconnect(String containerId) {
        if (endpoints.remove(containerId) != null) {
            calls.add("disconnect " + containerId);
        }
    }
}
