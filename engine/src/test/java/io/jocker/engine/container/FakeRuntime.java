package io.jocker.engine.container;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A runtime without processes: start hands out PIDs; a signal the "process" does not ignore ends it. */
final class FakeRuntime implements ContainerRuntime {
    final Map<String, ExitListener> running = new ConcurrentHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** Signals the fake process ignores (as a shell ignores SIGTERM as PID 1). */
    volatile java.util.Set<Integer> ignored = java.util.Set.of();
    volatile RuntimeException failStart;
    /** Containers that, on recover, turn out to have ended while no daemon watched, with their code. */
    final Map<String, Integer> endedWhileAway = new ConcurrentHashMap<>();
    /** Thrown by {@link #validate}, as a real runtime refuses an unusable config. */
    volatile RuntimeException invalid;
    private long nextPid = 1000;

    @Override
    public void validate(ContainerRecord record) {
        if (invalid != null) {
            throw invalid;
        }
    }

    @Override
    public void prepare(ContainerRecord record) {
        calls.add("prepare " + record.id());
    }

    @Override
    public synchronized long start(ContainerRecord record, ExitListener exits) {
        String id = record.id();
        calls.add("start " + id);
        if (failStart != null) {
            throw failStart;
        }
        running.put(id, exits);
        return nextPid++;
    }

    @Override
    public void recover(ContainerRecord record, ExitListener exits) {
        calls.add("recover " + record.id());
        Integer code = endedWhileAway.get(record.id());
        if (code != null) {
            exits.onExit(record.id(), code, false);
        } else {
            running.put(record.id(), exits);
        }
    }

    /** What the fake reports as each container's writable layer. */
    volatile long writableLayerSize = 0;

    @Override
    public Map<String, String> storageDetails(String id) {
        return Map.of("MergedDir", "/fake/" + id + "/merged");
    }

    @Override
    public long writableLayerSize(String id) {
        return writableLayerSize;
    }

    @Override
    public void resize(String id, int height, int width) {
        calls.add("resize " + id + " " + height + "x" + width);
    }

    @Override
    public void signal(String id, Signal signal) {
        calls.add("signal " + id + " " + signal.name());
        if (!ignored.contains(signal.number()) && signal.number() != 28) {
            exit(id, 128 + signal.number());
        }
    }

    @Override
    public void delete(String id) {
        calls.add("delete " + id);
    }

    /** The process ends by itself; notified from another thread, as a real runtime does. */
    void exit(String id, int code) {
        exit(id, code, false);
    }

    void exit(String id, int code, boolean oomKilled) {
        ExitListener listener = running.remove(id);
        if (listener != null) {
            Thread.ofVirtual().start(() -> listener.onExit(id, code, oomKilled));
        }
    }
}
