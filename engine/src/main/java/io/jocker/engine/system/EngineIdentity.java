package io.jocker.engine.system;

import io.jocker.storage.metadata.RecordStore;
import java.util.UUID;

/**
 * The daemon's ID: created once per data root and reported by {@code /info} for ever after, so
 * tools (and swarm later) can tell two engines apart and recognise one across restarts.
 *
 * @param id a random UUID, as dockerd ≥ 23 uses
 */
public record EngineIdentity(String id) {
    private static final String KEY = "engine-id";

    /** Reads the identity stored in {@code store}, creating and storing one on first start. */
    public static EngineIdentity loadOrCreate(RecordStore<EngineIdentity> store) {
        return store.read(KEY).orElseGet(() -> {
            EngineIdentity created = new EngineIdentity(UUID.randomUUID().toString());
            store.write(KEY, created);
            return created;
        });
    }
}
