package io.jocker.storage.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RecordStoreTest {
    record Container(String id, String name, int restartCount, List<String> args, Map<String, String> labels,
            boolean running) {}

    record Identity(String id) {}

    @TempDir
    Path dir;

    private RecordStore<Container> store() {
        return RecordStore.open(dir, Container.class, 1);
    }

    private static Container sample() {
        return new Container("4f1c", "web", 3, List.of("sh", "-c", "echo hi"), Map.of("a", "1", "b", ""), true);
    }

    @Test
    void write_thenRead_returnsEqualRecord() {
        RecordStore<Container> store = store();

        store.write("4f1c", sample());

        assertThat(store.read("4f1c")).contains(sample());
    }

    @Test
    void read_fromANewStoreOnTheSameDirectory_returnsWhatTheOldOneWrote() {
        store().write("4f1c", sample());

        assertThat(store().read("4f1c")).contains(sample());
    }

    @Test
    void write_recordWithNulls_roundTrips() {
        Container withNulls = new Container("id", null, 0, null, null, false);
        RecordStore<Container> store = store();

        store.write("id", withNulls);

        assertThat(store.read("id")).contains(withNulls);
    }

    @Test
    void write_onDisk_isVersionedEnvelopeInKeyDotJson() throws IOException {
        RecordStore.open(dir, Identity.class, 3).write("engine-id", new Identity("abc"));

        assertThat(dir.resolve("engine-id.json")).content()
                .isEqualTo("{\"version\":3,\"record\":{\"id\":\"abc\"}}");
    }

    @Test
    void write_existingKey_replacesRecord() {
        RecordStore<Container> store = store();
        store.write("4f1c", sample());
        Container renamed = new Container("4f1c", "api", 4, List.of(), Map.of(), false);

        store.write("4f1c", renamed);

        assertThat(store.read("4f1c")).contains(renamed);
        assertThat(store.keys()).containsExactly("4f1c");
    }

    @Test
    void read_missingKey_isEmpty() {
        assertThat(store().read("nothing")).isEmpty();
    }

    @Test
    void open_missingDirectory_createsIt() {
        Path nested = dir.resolve("a/b/containers");

        RecordStore.open(nested, Container.class, 1);

        assertThat(nested).isDirectory();
    }

    @Test
    void open_directoryPathIsAFile_throwsUncheckedIOExceptionNamingIt() throws IOException {
        Path file = dir.resolve("occupied");
        Files.writeString(file, "x");

        assertThatThrownBy(() -> RecordStore.open(file, Container.class, 1))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(file.toString());
    }

    @Test
    void read_unknownFieldsInRecordAndEnvelope_areIgnored() throws IOException {
        Files.writeString(dir.resolve("x.json"), """
                {"version": 1, "writtenBy": "jocker 9.9",
                 "record": {"id": "x", "name": "n", "restartCount": 2, "futureField": {"deep": [1, 2]},
                            "args": [], "labels": {}, "running": false, "another": null}}
                """);

        assertThat(store().read("x")).contains(new Container("x", "n", 2, List.of(), Map.of(), false));
    }

    @Test
    void read_missingFields_defaultsThem() throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\"version\":1,\"record\":{\"id\":\"x\"}}");

        assertThat(store().read("x")).contains(new Container("x", null, 0, null, null, false));
    }

    @Test
    void read_olderVersion_isAccepted() throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\"version\":1,\"record\":{\"id\":\"x\"}}");

        assertThat(RecordStore.open(dir, Identity.class, 2).read("x")).contains(new Identity("x"));
    }

    @Test
    void read_newerVersion_isRefusedWithAMessageNamingFileAndVersions() {
        RecordStore.open(dir, Identity.class, 3).write("engine-id", new Identity("abc"));
        RecordStore<Identity> older = RecordStore.open(dir, Identity.class, 2);

        assertThatThrownBy(() -> older.read("engine-id"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessage("record " + dir.resolve("engine-id.json")
                        + " has format version 3; this jocker reads versions 1 to 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"record\":{\"id\":\"x\"}}",
        "{\"version\":0,\"record\":{\"id\":\"x\"}}",
        "{\"version\":-4,\"record\":{\"id\":\"x\"}}",
        "{\"version\":\"one\",\"record\":{\"id\":\"x\"}}",
        "[1, 2, 3]",
        "null",
        ""})
    void read_noUsableVersion_throwsInternalNamingTheFile(String content) throws IOException {
        Files.writeString(dir.resolve("x.json"), content);
        RecordStore<Identity> store = RecordStore.open(dir, Identity.class, 1);

        assertThatThrownBy(() -> store.read("x"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining(dir.resolve("x.json").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"version\":1,\"record\":{\"id\":", "not json at all", "{\"version\":1,} trailing"})
    void read_corruptJson_throwsInternalSayingCorrupt(String content) throws IOException {
        Files.writeString(dir.resolve("x.json"), content);
        RecordStore<Identity> store = RecordStore.open(dir, Identity.class, 1);

        assertThatThrownBy(() -> store.read("x"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageStartingWith("record " + dir.resolve("x.json") + " is corrupt: ");
    }

    @Test
    void read_recordOfTheWrongShape_throwsInternal() throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\"version\":1,\"record\":{\"restartCount\":\"many\"}}");

        assertThatThrownBy(() -> store().read("x"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("is corrupt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"version\":1}", "{\"version\":1,\"record\":null}"})
    void read_envelopeWithoutRecord_throwsInternal(String content) throws IOException {
        Files.writeString(dir.resolve("x.json"), content);
        RecordStore<Identity> store = RecordStore.open(dir, Identity.class, 1);

        assertThatThrownBy(() -> store.read("x"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining(dir.resolve("x.json").toString());
    }

    @Test
    void keys_emptyStore_isEmpty() {
        assertThat(store().keys()).isEmpty();
    }

    @Test
    void keys_afterWrites_listsEachKeyOnce() {
        RecordStore<Container> store = store();
        store.write("a", sample());
        store.write("b.c", sample());
        store.write("a", sample());

        assertThat(store.keys()).containsExactlyInAnyOrder("a", "b.c");
    }

    @Test
    void keys_temporaryAndForeignFiles_areNotListed() throws IOException {
        RecordStore<Container> store = store();
        store.write("done", sample());
        // Left by a write in progress (created after open, so not cleaned up) and by other tools.
        Files.writeString(dir.resolve(".pending.json.0123abcd.tmp"), "{\"version\":1,");
        Files.writeString(dir.resolve(".hidden.json"), "{}");
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.writeString(dir.resolve("done.json.bak"), "x");

        assertThat(store.keys()).containsExactly("done");
    }

    @Test
    void open_leftoverTemporaryFiles_areDeletedAndRecordsKept() throws IOException {
        Files.writeString(dir.resolve("kept.json"), "{\"version\":1,\"record\":{\"id\":\"k\"}}");
        Files.writeString(dir.resolve(".kept.json.9f8e7d6c5b4a3921.tmp"), "{\"version\":1,\"rec");
        Files.writeString(dir.resolve(".other.json.0000000000000001.tmp"), "");
        Files.writeString(dir.resolve("notes.txt"), "x");

        RecordStore<Identity> store = RecordStore.open(dir, Identity.class, 1);

        assertThat(list(dir)).containsExactly("kept.json", "notes.txt");
        assertThat(store.read("kept")).contains(new Identity("k"));
    }

    @Test
    void write_many_leavesNoTemporaryFiles() throws IOException {
        RecordStore<Container> store = store();
        for (int i = 0; i < 20; i++) {
            store.write("k" + (i % 3), sample());
        }

        assertThat(list(dir)).containsExactly("k0.json", "k1.json", "k2.json");
    }

    @Test
    void delete_existingKey_removesRecordAndReturnsTrue() {
        RecordStore<Container> store = store();
        store.write("a", sample());
        store.write("b", sample());

        boolean deleted = store.delete("a");

        assertThat(deleted).isTrue();
        assertThat(store.read("a")).isEmpty();
        assertThat(store.keys()).containsExactly("b");
    }

    @Test
    void delete_missingKey_returnsFalse() {
        assertThat(store().delete("never")).isFalse();
    }

    @Test
    void delete_twice_secondReturnsFalse() {
        RecordStore<Container> store = store();
        store.write("a", sample());
        store.delete("a");

        assertThat(store.delete("a")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A9", "0", "4f1c2d3e4f1c2d3e4f1c2d3e4f1c2d3e4f1c2d3e4f1c2d3e4f1c2d3e4f1c2d3e",
        "my-container_1.v2", "engine-id"})
    void write_validKey_isAccepted(String key) {
        RecordStore<Container> store = store();

        store.write(key, sample());

        assertThat(store.read(key)).contains(sample());
    }

    static Stream<String> invalidKeys() {
        return Stream.of("", ".", "..", "../escape", "a/b", "/abs", ".hidden", "-dash", "_under", "a b", "a\nb",
                "ключ", "a:b", "a\\b", "x".repeat(256));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("invalidKeys")
    void read_invalidKey_throwsIllegalArgumentExceptionNamingIt(String key) {
        RecordStore<Container> store = store();

        assertThatThrownBy(() -> store.read(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid record key: " + key);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("invalidKeys")
    void write_invalidKey_throwsAndWritesNothing(String key) throws IOException {
        RecordStore<Container> store = store();

        assertThatThrownBy(() -> store.write(key, sample())).isInstanceOf(IllegalArgumentException.class);
        assertThat(list(dir)).isEmpty();
        assertThat(dir.getParent().resolve("escape.json")).doesNotExist();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("invalidKeys")
    void delete_invalidKey_throwsIllegalArgumentException(String key) {
        RecordStore<Container> store = store();

        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_longestKeyTheStoreAccepts_roundTrips() {
        RecordStore<Container> store = store();
        String key = "k".repeat(200);

        store.write(key, sample());

        assertThat(store.read(key)).contains(sample());
    }

    @Test
    void write_keyTooLongForAFileName_isRejected() {
        RecordStore<Container> store = store();

        assertThatThrownBy(() -> store.write("k".repeat(201), sample())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
