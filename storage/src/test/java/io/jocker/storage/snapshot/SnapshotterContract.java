package io.jocker.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.linux.mount.RecordingMounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Snapshotter} does, on a temporary directory and without privileges
 * (containerd's {@code core/snapshots/testsuite} is the model). Subclasses open the implementation;
 * mounts are only described here, never performed ({@code SnapshotterMountRootTest} performs them).
 */
abstract class SnapshotterContract {
    static final String L1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    static final String L2 = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    static final String L3 = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    @TempDir
    Path root;

    RecordingMounter mounter;
    Snapshotter snapshotter;

    /** Opens the implementation on {@code root}; called again to simulate a restart. */
    protected abstract Snapshotter open(Path root, RecordingMounter mounter);

    @BeforeEach
    void setUp() throws IOException {
        root = root.toRealPath();
        mounter = new RecordingMounter();
        snapshotter = open(root, mounter);
    }

    Snapshotter reopen() {
        return open(root, mounter);
    }

    /** Prepares {@code key} on {@code parent}, writes {@code files} (path → content) and commits as {@code name}. */
    void commitLayer(String name, String parent, String... files) throws IOException {
        String key = "extract-" + name;
        snapshotter.prepare(key, parent);
        Path dir = snapshotter.activeDir(key);
        for (int i = 0; i < files.length; i += 2) {
            Path file = dir.resolve(files[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, files[i + 1]);
        }
        snapshotter.commit(name, key);
    }

    static void assertFails(ErrorKind kind, String message, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(message);
        });
    }

    /** The snapshot directories on disk, whatever the records say. */
    List<Path> snapshotDirs() throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve("snapshots"))) {
            return dirs.toList();
        }
    }

    // ---------------------------------------------------------------- prepare

    @Test
    void prepare_noParent_isActiveAndWritableAndEmpty() {
        List<MountSpec> mounts = snapshotter.prepare("c1", null);

        assertThat(mounts).singleElement().satisfies(m -> assertThat(m.readOnly()).isFalse());
        SnapshotInfo info = snapshotter.stat("c1");
        assertThat(info.name()).isEqualTo("c1");
        assertThat(info.kind()).isEqualTo(Kind.ACTIVE);
        assertThat(info.parent()).isEmpty();
        assertThat(info.size()).isEmpty();
        assertThat(snapshotter.activeDir("c1")).isEmptyDirectory();
        assertThat(snapshotter.mounts("c1")).isEqualTo(mounts);
    }

    @Test
    void prepare_emptyParent_meansNoParent() {
        snapshotter.prepare("c1", "");
        assertThat(snapshotter.stat("c1").parent()).isEmpty();
    }

    @Test
    void prepare_existingKey_isConflict() {
        snapshotter.prepare("c1", null);
        assertFails(ErrorKind.CONFLICT, "snapshot c1 already exists", () -> snapshotter.prepare("c1", null));
        assertFails(ErrorKind.CONFLICT, "snapshot c1 already exists", () -> snapshotter.view("c1", null));
    }

    @Test
    void prepare_keyOfCommittedSnapshot_isConflict() throws IOException {
        commitLayer(L1, null, "a", "1");
        assertFails(ErrorKind.CONFLICT, "already exists", () -> snapshotter.prepare(L1, null));
    }

    @Test
    void prepare_missingParent_isNotFoundAndLeavesNothing() throws IOException {
        assertFails(ErrorKind.NOT_FOUND, "parent snapshot " + L1 + " does not exist",
                () -> snapshotter.prepare("c1", L1));
        assertFails(ErrorKind.NOT_FOUND, "does not exist", () -> snapshotter.stat("c1"));
        assertThat(snapshotDirs()).isEmpty();
    }

    @Test
    void prepare_activeParent_isInvalidArgument() {
        snapshotter.prepare("active", null);
        assertFails(ErrorKind.INVALID_ARGUMENT, "parent active is not a committed snapshot",
                () -> snapshotter.prepare("c1", "active"));
    }

    @Test
    void prepare_badKeys_areInvalidArguments() {
        assertFails(ErrorKind.INVALID_ARGUMENT, "must not be empty", () -> snapshotter.prepare("", null));
        assertFails(ErrorKind.INVALID_ARGUMENT, "must not be empty", () -> snapshotter.prepare(null, null));
        assertFails(ErrorKind.INVALID_ARGUMENT, "control character", () -> snapshotter.prepare("a\nb", null));
        assertFails(ErrorKind.INVALID_ARGUMENT, "longer than", () -> snapshotter.prepare("k".repeat(1025), null));
    }

    @Test
    void prepare_keysWithSlashesColonsAndSpaces_work() {
        snapshotter.prepare("extract-1 sha256:ab/../cd", null);
        assertThat(snapshotter.stat("extract-1 sha256:ab/../cd").kind()).isEqualTo(Kind.ACTIVE);
    }

    // ---------------------------------------------------------------- commit

    @Test
    void commit_active_becomesCommittedWithItsSizeAndTheKeyIsGone() throws IOException {
        snapshotter.prepare("extract", null);
        Files.writeString(snapshotter.activeDir("extract").resolve("file"), "12345");

        snapshotter.commit(L1, "extract");

        SnapshotInfo info = snapshotter.stat(L1);
        assertThat(info.kind()).isEqualTo(Kind.COMMITTED);
        assertThat(info.parent()).isEmpty();
        assertThat(info.size()).hasValue(5);
        assertFails(ErrorKind.NOT_FOUND, "snapshot extract does not exist", () -> snapshotter.stat("extract"));
        assertThat(snapshotDirs()).hasSize(1);
    }

    @Test
    void commit_keepsParentAndCreationTime() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.prepare("extract", L1);
        SnapshotInfo active = snapshotter.stat("extract");
        snapshotter.commit(L2, "extract");

        SnapshotInfo committed = snapshotter.stat(L2);
        assertThat(committed.parent()).hasValue(L1);
        assertThat(committed.created()).isEqualTo(active.created());
    }

    @Test
    void commit_view_isConflict() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.view("v", L1);
        assertFails(ErrorKind.CONFLICT, "snapshot v is a view, not active", () -> snapshotter.commit(L2, "v"));
        assertThat(snapshotter.stat("v").kind()).isEqualTo(Kind.VIEW);
    }

    @Test
    void commit_committed_isConflict() throws IOException {
        commitLayer(L1, null, "a", "1");
        assertFails(ErrorKind.CONFLICT, "is committed, not active", () -> snapshotter.commit(L2, L1));
    }

    @Test
    void commit_nameTaken_isConflictAndKeepsTheActiveSnapshot() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.prepare("extract", null);
        assertFails(ErrorKind.CONFLICT, "snapshot " + L1 + " already exists", () -> snapshotter.commit(L1, "extract"));
        assertThat(snapshotter.stat("extract").kind()).isEqualTo(Kind.ACTIVE);
    }

    @Test
    void commit_missingKey_isNotFound() {
        assertFails(ErrorKind.NOT_FOUND, "snapshot nope does not exist", () -> snapshotter.commit(L1, "nope"));
    }

    // ---------------------------------------------------------------- chains, views

    @Test
    void chain_threeLayers_parentsLinkUpAndChildSeesParentAsFormatSays() throws IOException {
        commitLayer(L1, null, "etc/a", "1");
        commitLayer(L2, L1, "etc/b", "2");
        commitLayer(L3, L2, "etc/c", "3");

        assertThat(snapshotter.stat(L3).parent()).hasValue(L2);
        assertThat(snapshotter.stat(L2).parent()).hasValue(L1);
        snapshotter.prepare("ctr", L3);
        assertThat(snapshotter.stat("ctr").parent()).hasValue(L3);

        Path dir = snapshotter.activeDir("ctr");
        if (snapshotter.activeDirFormat() == ActiveDirFormat.FULL_TREE) {
            assertThat(dir.resolve("etc/a")).hasContent("1");
            assertThat(dir.resolve("etc/c")).hasContent("3");
        } else {
            assertThat(dir).isEmptyDirectory();
        }
    }

    @Test
    void view_isReadOnlyAndNotWritable() throws IOException {
        commitLayer(L1, null, "a", "1");
        commitLayer(L2, L1, "b", "2");

        assertThat(snapshotter.view("v1", L1)).allSatisfy(m -> assertThat(m.readOnly()).isTrue());
        assertThat(snapshotter.view("v2", L2)).allSatisfy(m -> assertThat(m.readOnly()).isTrue());
        assertThat(snapshotter.view("v0", null)).allSatisfy(m -> assertThat(m.readOnly()).isTrue());
        assertThat(snapshotter.stat("v2").kind()).isEqualTo(Kind.VIEW);
        assertThat(snapshotter.stat("v2").parent()).hasValue(L2);
        assertFails(ErrorKind.CONFLICT, "only active snapshots are written to", () -> snapshotter.activeDir("v2"));
    }

    @Test
    void mounts_committed_isConflict() throws IOException {
        commitLayer(L1, null, "a", "1");
        assertFails(ErrorKind.CONFLICT, "only active snapshots and views have mounts", () -> snapshotter.mounts(L1));
        assertFails(ErrorKind.CONFLICT, "only active snapshots are written to", () -> snapshotter.activeDir(L1));
        assertFails(ErrorKind.NOT_FOUND, "does not exist", () -> snapshotter.mounts("nope"));
    }

    // ---------------------------------------------------------------- remove

    @Test
    void remove_withChildren_isConflictNamingThem() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.prepare("ctr-b", L1);
        snapshotter.view("ctr-a", L1);

        assertFails(ErrorKind.CONFLICT, "cannot remove snapshot " + L1 + ": 2 snapshot(s) depend on it: ctr-a, ctr-b",
                () -> snapshotter.remove(L1));

        snapshotter.remove("ctr-a");
        snapshotter.remove("ctr-b");
        snapshotter.remove(L1);
        assertThat(snapshotter.list()).isEmpty();
        assertThat(snapshotDirs()).isEmpty();
    }

    @Test
    void remove_active_deletesItsFiles() throws IOException {
        snapshotter.prepare("c1", null);
        Path dir = snapshotter.activeDir("c1");
        Files.createDirectories(dir.resolve("deep/er"));
        Files.writeString(dir.resolve("deep/er/file"), "x");
        Files.createSymbolicLink(dir.resolve("link"), root); // must not be followed

        snapshotter.remove("c1");

        assertThat(dir).doesNotExist();
        assertThat(root).isDirectory();
        assertFails(ErrorKind.NOT_FOUND, "does not exist", () -> snapshotter.stat("c1"));
    }

    @Test
    void remove_missing_isNotFound() {
        assertFails(ErrorKind.NOT_FOUND, "snapshot nope does not exist", () -> snapshotter.remove("nope"));
    }

    @Test
    void remove_somethingMountedInside_isConflictAndKeepsTheSnapshot() throws IOException {
        snapshotter.prepare("c1", null);
        Path dir = snapshotter.activeDir("c1");
        Path source = Files.createDirectory(root.resolve("elsewhere"));
        mounter.bindMount(source, dir, false);

        assertFails(ErrorKind.CONFLICT, "cannot remove snapshot c1: " + dir + " is mounted", () -> snapshotter.remove("c1"));
        assertThat(snapshotter.stat("c1").kind()).isEqualTo(Kind.ACTIVE);

        mounter.unmount(dir, false);
        snapshotter.remove("c1");
    }

    @Test
    void remove_activeMountedElsewhere_isConflictNamingTheMountPoint() throws IOException {
        commitLayer(L1, null, "a", "1");
        Path target = Files.createDirectory(root.resolve("rootfs"));
        MountSpec.mountAll(snapshotter.prepare("ctr", L1), mounter, target);

        assertFails(ErrorKind.CONFLICT, "cannot remove snapshot ctr: ", () -> snapshotter.remove("ctr"));
        assertFails(ErrorKind.CONFLICT, target.toString(), () -> snapshotter.remove("ctr"));

        mounter.unmount(target, false);
        snapshotter.remove("ctr");
    }

    // ---------------------------------------------------------------- list, usage

    @Test
    void list_returnsEverySnapshotOldestFirst() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.prepare("ctr", L1);
        snapshotter.view("v", L1);

        assertThat(snapshotter.list()).extracting(SnapshotInfo::name, SnapshotInfo::kind)
                .containsExactly(
                        tuple(L1, Kind.COMMITTED),
                        tuple("ctr", Kind.ACTIVE),
                        tuple("v", Kind.VIEW));
    }

    @Test
    void usage_countsOwnFilesWithHardLinksOnce() throws IOException {
        snapshotter.prepare("c1", null);
        Path dir = snapshotter.activeDir("c1");
        Files.writeString(dir.resolve("a"), "12345");
        Files.createLink(dir.resolve("b"), dir.resolve("a"));
        Files.createDirectory(dir.resolve("d"));
        Files.writeString(dir.resolve("d/c"), "123");

        Usage usage = snapshotter.usage("c1");

        assertThat(usage.size()).isEqualTo(8);
        assertThat(usage.inodes()).isEqualTo(4); // fs, a(=b), d, d/c
    }

    @Test
    void usage_missing_isNotFound() {
        assertFails(ErrorKind.NOT_FOUND, "does not exist", () -> snapshotter.usage("nope"));
    }

    // ---------------------------------------------------------------- restart, crash

    @Test
    void reopen_keepsSnapshotsChainsAndMounts() throws IOException {
        commitLayer(L1, null, "a", "1");
        commitLayer(L2, L1, "b", "2");
        List<MountSpec> mounts = snapshotter.prepare("ctr", L2);
        List<SnapshotInfo> before = snapshotter.list();

        Snapshotter reopened = reopen();

        assertThat(reopened.list()).isEqualTo(before);
        assertThat(reopened.mounts("ctr")).isEqualTo(mounts);
        assertThat(reopened.cleanup()).isEmpty();
    }

    @Test
    void cleanup_afterCrashDuringPrepare_removesDirectoryWithoutRecord() throws IOException {
        commitLayer(L1, null, "a", "1");
        // What a crash between creating the directory and writing the record leaves.
        Path orphan = Files.createDirectories(root.resolve("snapshots/0123456789abcdef0123456789abcdef/fs/etc"));
        Files.writeString(orphan.resolve("half-written"), "x");

        Snapshotter restarted = reopen();
        List<Path> removed = restarted.cleanup();

        assertThat(removed).containsExactly(root.resolve("snapshots/0123456789abcdef0123456789abcdef"));
        assertThat(snapshotDirs()).hasSize(1);
        assertThat(restarted.stat(L1).kind()).isEqualTo(Kind.COMMITTED);
        assertThat(restarted.list()).hasSize(1);
    }

    @Test
    void cleanup_afterCrashDuringRemove_removesDirectoryOfDeletedRecord() throws IOException {
        commitLayer(L1, null, "a", "1");
        snapshotter.prepare("ctr", L1);
        // What a crash between deleting the record and deleting the directory leaves.
        try (Stream<Path> records = Files.list(root.resolve("metadata/snapshots"))) {
            for (Path record : records.toList()) {
                if (Files.readString(record).contains("\"ctr\"")) {
                    Files.delete(record);
                }
            }
        }

        Snapshotter restarted = reopen();
        assertFails(ErrorKind.NOT_FOUND, "does not exist", () -> restarted.stat("ctr"));
        assertThat(restarted.cleanup()).hasSize(1);
        assertThat(snapshotDirs()).hasSize(1);
        restarted.remove(L1);
        assertThat(snapshotDirs()).isEmpty();
    }

    @Test
    void cleanup_leftoverWithMountInside_isConflictAndDeletesNothing() throws IOException {
        Path orphan = Files.createDirectories(root.resolve("snapshots/00000000000000000000000000000000/fs"));
        Path source = Files.createDirectory(root.resolve("source"));
        Files.writeString(source.resolve("precious"), "x");
        mounter.bindMount(source, orphan, false);

        assertFails(ErrorKind.CONFLICT, orphan + " is mounted", () -> snapshotter.cleanup());
        assertThat(source.resolve("precious")).exists();
        mounter.unmount(orphan, false);
        assertThat(snapshotter.cleanup()).hasSize(1);
    }

    @Test
    void cleanup_interruptedRecordWrite_isIgnored() throws IOException {
        commitLayer(L1, null, "a", "1");
        Files.writeString(root.resolve("metadata/snapshots/.0123.json.abcd.tmp"), "{\"version\": 1, \"rec");

        Snapshotter restarted = reopen();
        assertThat(restarted.list()).extracting(SnapshotInfo::name).containsExactly(L1);
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentPreparesOnOneParent_allSucceed() throws Exception {
        commitLayer(L1, null, "a", "1");
        int n = 16;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> futures = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < n; i++) {
                String key = "ctr-" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return snapshotter.prepare(key, L1);
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(snapshotter.list()).hasSize(n + 1);
        assertThat(snapshotDirs()).hasSize(n + 1);
    }

    @Test
    void concurrentPrepareOfChildAndRemoveOfParent_neverOrphanTheChild() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 20; round++) {
                String parent = "sha256:p" + round;
                String child = "child-" + round;
                commitLayer(parent, null, "a", "1");
                CountDownLatch start = new CountDownLatch(1);
                Future<Boolean> prepared = pool.submit(() -> {
                    start.await();
                    try {
                        snapshotter.prepare(child, parent);
                        return true;
                    } catch (EngineException e) {
                        return false;
                    }
                });
                Future<Boolean> removed = pool.submit(() -> {
                    start.await();
                    try {
                        snapshotter.remove(parent);
                        return true;
                    } catch (EngineException e) {
                        return false;
                    }
                });
                start.countDown();
                assertThat(prepared.get() ^ removed.get()).as("exactly one wins in round " + round).isTrue();
                if (prepared.get()) {
                    assertThat(snapshotter.stat(child).parent()).hasValue(parent);
                    assertThat(snapshotter.stat(parent).kind()).isEqualTo(Kind.COMMITTED);
                }
            }
        }
    }
}
