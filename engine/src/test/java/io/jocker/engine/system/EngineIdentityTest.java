package io.jocker.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.storage.metadata.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineIdentityTest {
    @TempDir
    Path dir;

    private RecordStore<EngineIdentity> store() {
        return RecordStore.open(dir, EngineIdentity.class, 1);
    }

    @Test
    void loadOrCreate_emptyStore_createsARandomUuidAndStoresIt() {
        RecordStore<EngineIdentity> store = store();

        EngineIdentity identity = EngineIdentity.loadOrCreate(store);

        assertThat(UUID.fromString(identity.id()).toString()).isEqualTo(identity.id());
        assertThat(UUID.fromString(identity.id()).version()).isEqualTo(4);
        assertThat(store.keys()).containsExactly("engine-id");
        assertThat(store.read("engine-id")).contains(identity);
    }

    @Test
    void loadOrCreate_calledAgainOnTheSameStore_returnsTheSameId() {
        RecordStore<EngineIdentity> store = store();

        EngineIdentity first = EngineIdentity.loadOrCreate(store);
        EngineIdentity second = EngineIdentity.loadOrCreate(store);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void loadOrCreate_afterRestart_returnsTheSameId() {
        EngineIdentity before = EngineIdentity.loadOrCreate(store());

        EngineIdentity after = EngineIdentity.loadOrCreate(store());

        assertThat(after).isEqualTo(before);
    }

    @Test
    void loadOrCreate_differentDataRoots_getDifferentIds() {
        EngineIdentity one = EngineIdentity.loadOrCreate(RecordStore.open(dir.resolve("a"), EngineIdentity.class, 1));
        EngineIdentity two = EngineIdentity.loadOrCreate(RecordStore.open(dir.resolve("b"), EngineIdentity.class, 1));

        assertThat(one.id()).isNotEqualTo(two.id());
    }

    @Test
    void loadOrCreate_existingRecord_isReturnedUnchanged() throws IOException {
        Files.writeString(dir.resolve("engine-id.json"),
                "{\"version\":1,\"record\":{\"id\":\"11111111-2222-4333-8444-555555555555\"}}");

        EngineIdentity identity = EngineIdentity.loadOrCreate(store());

        assertThat(identity.id()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(dir.resolve("engine-id.json")).content().contains("11111111-2222-4333-8444-555555555555");
    }
}
