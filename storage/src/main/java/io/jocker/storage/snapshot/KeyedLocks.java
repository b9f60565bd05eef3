package io.jocker.storage.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per snapshot name or key, made on first use and dropped when nobody holds or waits for
 * it, so the map does not grow with every container ever run. Several keys are always taken in
 * sorted order, which rules out deadlocks between operations that need more than one (commit takes
 * its key and the new name; prepare its key and the parent).
 *
 * <p>Thread-safe.
 */
final class KeyedLocks {
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Holds the locks of some keys until closed. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Blocks until all of {@code keys} (nulls ignored, duplicates once) are held by this thread. */
    Held lock(String... keys) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String key : keys) {
            if (key != null) {
                sorted.add(key);
            }
        }
        List<String> taken = new ArrayList<>(sorted.size());
        try {
            for (String key : sorted) {
                Entry entry = entries.compute(key, (k, e) -> {
                    Entry held = e == null ? new Entry() : e;
                    held.users++;
                    return held;
                });
                entry.lock.lock();
                taken.add(key);
            }
        } catch (RuntimeException | Error e) {
            release(taken);
            throw e;
        }
        return () -> release(taken);
    }

    private void release(List<String> keys) {
        for (String key : keys.reversed()) {
            entries.computeIfPresent(key, (k, e) -> {
                e.lock.unlock();
                return --e.users == 0 ? null : e;
            });
        }
    }

    /** How many keys have a lock right now (for tests: no leak). */
    int size() {
        return entries.size();
    }
}
