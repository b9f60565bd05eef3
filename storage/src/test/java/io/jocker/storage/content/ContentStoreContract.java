package io.jocker.storage.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContentStore} does, fakes included. A subclass supplies a fresh store per test
 * and the few hooks that reach under the store (damaging a blob, leaving a crashed ingest), which
 * the interface deliberately cannot do.
 */
public abstract class ContentStoreContract {
    private static final byte[] HELLO = "hello, blob".getBytes(StandardCharsets.UTF_8);
    private static final Digest HELLO_DIGEST = Digest.sha256Of(HELLO);

    protected ContentStore store;

    /** A new, empty store; called once per test. */
    protected abstract ContentStore newStore() throws IOException;

    /** Replaces the stored bytes of a blob behind the store's back, as disk damage would. */
    protected abstract void damage(Digest digest, byte[] content) throws IOException;

    /** How many ingests the store holds, open or left over. */
    protected abstract int ingestCount() throws IOException;

    /** Leaves a partly written ingest the way a killed process would. */
    protected abstract void leaveCrashedIngest(byte[] partial) throws IOException;

    /** Fakes keep blobs in the heap, which exempts them from the bounded-memory check. */
    protected boolean holdsBlobsInHeap() {
        return false;
    }

    @BeforeEach
    final void createStore() throws IOException {
        store = newStore();
    }

    @Test
    void commit_matchingDigestAndSize_makesTheBlobReadable() throws IOException {
        Instant before = Instant.now();
        Digest committed;
        try (ContentStore.Writer writer = store.writer("test-" + HELLO_DIGEST)) {
            writer.write(HELLO, 0, 5);
            writer.write(HELLO[5]);
            writer.write(Arrays.copyOfRange(HELLO, 6, HELLO.length));
            assertThat(writer.written()).isEqualTo(HELLO.length);
            committed = writer.commit(HELLO_DIGEST, HELLO.length);
        }
        Instant after = Instant.now();

        assertThat(committed).isEqualTo(HELLO_DIGEST);
        try (InputStream in = store.open(HELLO_DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
        assertThat(Files.readAllBytes(store.path(HELLO_DIGEST))).isEqualTo(HELLO);
        BlobInfo info = store.info(HELLO_DIGEST).orElseThrow();
        assertThat(info.digest()).isEqualTo(HELLO_DIGEST);
        assertThat(info.size()).isEqualTo(HELLO.length);
        assertThat(info.created()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        assertThat(store.contains(HELLO_DIGEST)).isTrue();
        assertThat(ingestCount()).isZero();
    }

    @Test
    void commit_withoutExpectations_returnsTheDigestOfWhatWasWritten() throws IOException {
        Digest committed;
        try (ContentStore.Writer writer = store.writer("new-layer")) {
            writer.write(HELLO);
            committed = writer.commit();
        }

        assertThat(committed).isEqualTo(HELLO_DIGEST);
        assertThat(store.info(HELLO_DIGEST)).isPresent();
    }

    @Test
    void commit_unknownSize_checksTheDigestOnly() throws IOException {
        try (ContentStore.Writer writer = store.writer("manifest")) {
            writer.write(HELLO);
            assertThat(writer.commit(HELLO_DIGEST, -1)).isEqualTo(HELLO_DIGEST);
        }
    }

    @Test
    void commit_emptyBlob_roundTripsAndChecksClean() throws IOException {
        Digest empty = Digest.sha256Of(new byte[0]);
        try (ContentStore.Writer writer = store.writer("empty")) {
            writer.commit(empty, 0);
        }

        try (InputStream in = store.open(empty)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(store.check()).isEmpty();
    }

    @Test
    void commit_digestMismatch_failsAndLeavesNoBlobAndNoIngest() throws IOException {
        Digest expected = Digest.sha256Of("something else".getBytes(StandardCharsets.UTF_8));
        ContentStore.Writer writer = store.writer("layer-" + expected);
        writer.write(HELLO);

        assertThatThrownBy(() -> writer.commit(expected, HELLO.length))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("digest mismatch: expected " + expected + ", got " + HELLO_DIGEST);
        assertThat(store.contains(expected)).isFalse();
        assertThat(store.contains(HELLO_DIGEST)).isFalse();
        assertThat(store.list()).isEmpty();
        assertThat(ingestCount()).isZero();
        writer.close(); // after a failed commit: nothing left to do, and no error
    }

    @Test
    void commit_sizeMismatch_failsAndLeavesNoBlobAndNoIngest() throws IOException {
        ContentStore.Writer writer = store.writer("layer-" + HELLO_DIGEST);
        writer.write(HELLO, 0, 3);

        assertThatThrownBy(() -> writer.commit(HELLO_DIGEST, HELLO.length))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("size mismatch: expected " + HELLO.length + " bytes, got 3 bytes");
        assertThat(store.list()).isEmpty();
        assertThat(ingestCount()).isZero();
    }

    @Test
    void commit_negativeExpectedSizeOtherThanUnknown_isInvalid() throws IOException {
        try (ContentStore.Writer writer = store.writer("x")) {
            assertThatThrownBy(() -> writer.commit(HELLO_DIGEST, -2))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        }
        assertThat(ingestCount()).isZero();
    }

    @Test
    void commit_ofAnExistingBlob_succeedsAndKeepsTheFirst() throws IOException {
        store.writeBlob(HELLO);
        Instant created = store.info(HELLO_DIGEST).orElseThrow().created();

        try (ContentStore.Writer writer = store.writer("again")) {
            writer.write(HELLO);
            assertThat(writer.commit(HELLO_DIGEST, HELLO.length)).isEqualTo(HELLO_DIGEST);
        }

        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(HELLO_DIGEST);
        assertThat(store.info(HELLO_DIGEST).orElseThrow().created()).isEqualTo(created);
        assertThat(ingestCount()).isZero();
    }

    @Test
    void writeBlob_twice_returnsTheSameDigestAndKeepsOneBlob() {
        assertThat(store.writeBlob(HELLO)).isEqualTo(HELLO_DIGEST);
        assertThat(store.writeBlob(HELLO)).isEqualTo(HELLO_DIGEST);

        assertThat(store.list()).hasSize(1);
    }

    @Test
    void commit_concurrentWritersOfTheSameBlob_leaveOneValidBlob() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Digest digest = Digest.sha256Of(content);
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers + 1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            List<Future<Digest>> good = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                good.add(pool.submit(() -> {
                    try (ContentStore.Writer writer = store.writer("layer-" + digest)) {
                        start.await();
                        for (int offset = 0; offset < content.length; offset += 8192) {
                            writer.write(content, offset, 8192);
                            Thread.yield();
                        }
                        return writer.commit(digest, content.length);
                    }
                }));
            }
            // One more writer of the same ref sends damaged bytes: it must fail alone.
            Future<?> bad = pool.submit(() -> {
                byte[] damaged = content.clone();
                damaged[12345] ^= 1;
                try (ContentStore.Writer writer = store.writer("layer-" + digest)) {
                    start.await();
                    writer.write(damaged);
                    return writer.commit(digest, content.length);
                }
            });

            for (Future<Digest> each : good) {
                assertThat(each.get(60, TimeUnit.SECONDS)).isEqualTo(digest);
            }
            assertThatThrownBy(() -> bad.get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .hasMessageStartingWith("digest mismatch: expected " + digest);
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(digest);
        try (InputStream in = store.open(digest)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        store.verify(digest);
        assertThat(ingestCount()).isZero();
    }

    @Test
    void abort_discardsTheIngest() throws IOException {
        ContentStore.Writer writer = store.writer("aborted");
        writer.write(HELLO);
        assertThat(ingestCount()).isEqualTo(1);

        writer.abort();

        assertThat(ingestCount()).isZero();
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> writer.write(HELLO)).isInstanceOf(IOException.class).hasMessageContaining("aborted");
        assertThatThrownBy(() -> writer.commit(HELLO_DIGEST, HELLO.length)).isInstanceOf(IllegalStateException.class);
        writer.abort(); // again: no effect
    }

    @Test
    void close_withoutCommit_aborts() throws IOException {
        try (ContentStore.Writer writer = store.writer("forgotten")) {
            writer.write(HELLO);
        }

        assertThat(ingestCount()).isZero();
        assertThat(store.contains(HELLO_DIGEST)).isFalse();
    }

    @Test
    void write_afterCommit_failsAndKeepsTheBlob() throws IOException {
        ContentStore.Writer writer = store.writer("done");
        writer.write(HELLO);
        writer.commit(HELLO_DIGEST, HELLO.length);

        assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class).hasMessageContaining("committed");
        assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
        writer.abort();
        writer.close();
        assertThat(store.contains(HELLO_DIGEST)).isTrue();
    }

    @Test
    void writer_blankRef_isInvalid() {
        assertThatThrownBy(() -> store.writer(" "))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void open_missingBlob_isNotFound() {
        assertThatThrownBy(() -> store.open(HELLO_DIGEST))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("blob " + HELLO_DIGEST + " not found");
        assertThatThrownBy(() -> store.path(HELLO_DIGEST))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThatThrownBy(() -> store.verify(HELLO_DIGEST))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(store.info(HELLO_DIGEST)).isEmpty();
        assertThat(store.contains(HELLO_DIGEST)).isFalse();
    }

    @Test
    void delete_existingBlob_removesItButNotAnOpenReader() throws IOException {
        store.writeBlob(HELLO);
        try (InputStream reader = store.open(HELLO_DIGEST)) {

            assertThat(store.delete(HELLO_DIGEST)).isTrue();

            assertThat(reader.readAllBytes()).isEqualTo(HELLO);
        }
        assertThat(store.contains(HELLO_DIGEST)).isFalse();
        assertThat(store.list()).isEmpty();
        assertThatThrownBy(() -> store.open(HELLO_DIGEST))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
        assertThat(store.delete(HELLO_DIGEST)).isFalse();
    }

    @Test
    void list_returnsEveryBlobOrderedByDigest_andSizeOfAllSumsThem() {
        List<Digest> written = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 5; i++) {
            byte[] content = ("blob number " + i).repeat(i + 1).getBytes(StandardCharsets.UTF_8);
            written.add(store.writeBlob(content));
            total += content.length;
        }

        List<BlobInfo> listed = store.list();

        assertThat(listed).extracting(BlobInfo::digest).containsExactlyElementsOf(written.stream().sorted().toList());
        assertThat(store.sizeOfAll()).isEqualTo(total);
    }

    @Test
    void emptyStore_listsNothingAndChecksClean() {
        assertThat(store.list()).isEmpty();
        assertThat(store.sizeOfAll()).isZero();
        assertThat(store.check()).isEmpty();
        assertThat(store.cleanIngest()).isZero();
    }

    @Test
    void check_blobDamagedInPlace_isReportedCorrupt() throws IOException {
        Digest healthy = store.writeBlob("healthy".getBytes(StandardCharsets.UTF_8));
        store.writeBlob(HELLO);
        byte[] flipped = HELLO.clone();
        flipped[0] ^= 0x20;
        damage(HELLO_DIGEST, flipped);

        List<ContentStore.Problem> problems = store.check();

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.digest()).isEqualTo(HELLO_DIGEST);
            assertThat(problem.kind()).isEqualTo(ContentStore.Problem.Kind.CORRUPT);
            assertThat(problem.size()).isEqualTo(HELLO.length);
            assertThat(problem.message()).startsWith("blob " + HELLO_DIGEST + " is corrupt: ")
                    .contains(Digest.sha256Of(flipped).toString());
        });
        assertThatThrownBy(() -> store.verify(HELLO_DIGEST))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageStartingWith("blob " + HELLO_DIGEST + " is corrupt: ");
        store.verify(healthy);
    }

    @Test
    void check_blobTruncatedToNothing_isReportedTruncated() throws IOException {
        store.writeBlob(HELLO);
        damage(HELLO_DIGEST, new byte[0]);

        assertThat(store.check()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ContentStore.Problem.Kind.TRUNCATED);
            assertThat(problem.size()).isZero();
            assertThat(problem.message()).startsWith("blob " + HELLO_DIGEST + " is truncated: ");
        });
    }

    @Test
    void commit_overABlobDamagedToAnotherSize_repairsIt() throws IOException {
        store.writeBlob(HELLO);
        damage(HELLO_DIGEST, Arrays.copyOf(HELLO, 4));

        // What a re-pull does: the blob "exists", but not with these bytes.
        try (ContentStore.Writer writer = store.writer("re-pull")) {
            writer.write(HELLO);
            writer.commit(HELLO_DIGEST, HELLO.length);
        }

        assertThat(store.check()).isEmpty();
        try (InputStream in = store.open(HELLO_DIGEST)) {
            assertThat(in.readAllBytes()).isEqualTo(HELLO);
        }
    }

    @Test
    void writeBlob_overABlobDamagedToAnotherSize_repairsIt() throws IOException {
        store.writeBlob(HELLO);
        damage(HELLO_DIGEST, new byte[0]);

        store.writeBlob(HELLO);

        store.verify(HELLO_DIGEST);
    }

    @Test
    void cleanIngest_afterACrash_removesLeftoversAndKeepsBlobs() throws IOException {
        store.writeBlob(HELLO);
        leaveCrashedIngest("half a layer".getBytes(StandardCharsets.UTF_8));
        leaveCrashedIngest(new byte[0]);
        assertThat(ingestCount()).isEqualTo(2);

        assertThat(store.cleanIngest()).isEqualTo(2);

        assertThat(ingestCount()).isZero();
        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(HELLO_DIGEST);
        assertThat(store.cleanIngest()).isZero();
    }

    @Test
    void cleanIngest_whileAWriterIsOpen_sparesItsIngest() throws IOException {
        leaveCrashedIngest(new byte[] {1, 2, 3});
        try (ContentStore.Writer writer = store.writer("in-flight")) {
            writer.write(HELLO, 0, 4);

            assertThat(store.cleanIngest()).isEqualTo(1);

            assertThat(ingestCount()).isEqualTo(1);
            writer.write(HELLO, 4, HELLO.length - 4);
            writer.commit(HELLO_DIGEST, HELLO.length);
        }
        assertThat(store.contains(HELLO_DIGEST)).isTrue();
    }

    @Test
    void largeBlob_streamedInAndOut_usesBoundedMemory() throws IOException {
        long size = 50L * 1024 * 1024;
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        MessageDigest expectedSha = Digest.newSha256();
        MessageDigest readSha = Digest.newSha256();
        long allocatedBefore = allocatedByThisThread();

        Digest committed;
        try (ContentStore.Writer writer = store.writer("layer-large")) {
            for (long done = 0; done < size; done += chunk.length) {
                random.nextBytes(chunk);
                expectedSha.update(chunk);
                writer.write(chunk);
            }
            Digest expected = Digest.ofSha256Bytes(expectedSha.digest());
            committed = writer.commit(expected, size);
        }
        long read = 0;
        try (InputStream in = store.open(committed)) {
            for (int n; (n = in.read(chunk)) > 0; read += n) {
                readSha.update(chunk, 0, n);
            }
        }
        store.verify(committed);
        long allocated = allocatedByThisThread() - allocatedBefore;

        assertThat(read).isEqualTo(size);
        assertThat(Digest.ofSha256Bytes(readSha.digest())).isEqualTo(committed);
        assertThat(store.info(committed).orElseThrow().size()).isEqualTo(size);
        if (!holdsBlobsInHeap()) {
            // Loading the blob once would allocate at least 50 MB; streaming needs a few buffers.
            assertThat(allocated).as("bytes allocated while writing, reading and verifying 50 MB")
                    .isLessThan(8L * 1024 * 1024);
        }
    }

    private static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
