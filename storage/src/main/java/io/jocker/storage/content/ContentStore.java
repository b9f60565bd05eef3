package io.jocker.storage.content;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable blobs (layers, manifests, configs) named by the sha256 digest of their bytes.
 *
 * <p>Vocabulary, as in containerd's content store:
 *
 * <ul>
 *   <li><b>blob</b>: committed content, visible to {@link #info}, {@link #open}, {@link #list}. Never
 *       changes once committed; it only goes away by {@link #delete}.
 *   <li><b>ingest</b>: a write in progress. Invisible to readers until committed.
 *   <li><b>ref</b>: what an ingest is for, chosen by the caller ("layer-sha256:…", "manifest-…"). It
 *       names the ingest in messages and diagnostics; it is not a key, so two writers may use the
 *       same ref (two pulls of the same layer) without disturbing each other.
 *   <li><b>commit</b>: verify what was written against the expected digest and size, then make it a
 *       blob in one atomic step. Committing content that is already a blob succeeds and keeps the
 *       existing blob, so concurrent or repeated downloads of the same blob are harmless.
 * </ul>
 *
 * <p>Lifecycle: {@link #writer} → {@code write}… → {@link Writer#commit(Digest, long)} (or {@link
 * Writer#abort}, or {@code close} without commit, which aborts). A failed commit (digest or size
 * mismatch) leaves neither a blob nor an ingest behind. Ingests left by a crash are removed by
 * {@link #cleanIngest}, which implementations also run when they open.
 *
 * <pre>{@code
 * try (ContentStore.Writer writer = store.writer("layer-" + descriptor.digest())) {
 *     response.body().transferTo(writer);                  // hashed while it streams
 *     writer.commit(descriptor.digest(), descriptor.size()); // INVALID_ARGUMENT on mismatch
 * }
 * try (InputStream in = store.open(descriptor.digest())) { ... }
 * }</pre>
 *
 * <p>Implementations are thread-safe; a {@link Writer} is used by one thread at a time. Host I/O
 * failures surface as {@link UncheckedIOException}; the kinds callers can act on are {@link
 * EngineException}s (NOT_FOUND for a missing blob, INVALID_ARGUMENT for a mismatch at commit).
 */
public interface ContentStore {

    /**
     * Starts an ingest. The caller writes the blob's bytes, then commits or aborts; closing an
     * uncommitted writer aborts it, so try-with-resources never leaks an ingest.
     *
     * @param ref what is being written, for messages ("layer-sha256:…"); not blank
     */
    Writer writer(String ref);

    /** The blob's digest, size and commit time; empty when there is no such blob. */
    Optional<BlobInfo> info(Digest digest);

    /** Whether the blob exists. */
    default boolean contains(Digest digest) {
        return info(digest).isPresent();
    }

    /**
     * Opens the blob for reading. The stream keeps reading the same bytes even if the blob is
     * deleted meanwhile.
     *
     * @throws EngineException NOT_FOUND "blob sha256:… not found"
     */
    InputStream open(Digest digest);

    /**
     * A read-only file holding the blob, for readers that want the file itself (sendfile, mmap,
     * tar extraction by path). Never write to it. Valid until the blob is deleted.
     *
     * @throws EngineException NOT_FOUND "blob sha256:… not found"
     */
    Path path(Digest digest);

    /** Deletes the blob; false when there was none. Readers that already opened it are unaffected. */
    boolean delete(Digest digest);

    /** Every blob, ordered by digest. A snapshot: blobs committed or deleted meanwhile may be missed. */
    List<BlobInfo> list();

    /** The total size in bytes of all blobs (ingests not included). */
    long sizeOfAll();

    /**
     * Re-hashes one blob.
     *
     * @throws EngineException NOT_FOUND when there is no such blob; INTERNAL with the {@link
     *     Problem#message()} when its content no longer matches its digest
     */
    void verify(Digest digest);

    /**
     * Re-hashes every blob and reports those whose content no longer matches their digest (for
     * {@code jocker system check}). Reads every byte of the store: slow on large stores.
     */
    List<Problem> check();

    /**
     * Removes ingests that no open {@link Writer} of this store owns, i.e. what a crash left
     * behind. Run on open; safe to run at any time.
     *
     * @return how many ingests were removed
     */
    int cleanIngest();

    /** Stores {@code content} as a blob (a no-op when it already is one) and returns its digest. */
    default Digest writeBlob(byte[] content) {
        Digest digest = Digest.sha256Of(content);
        if (info(digest).filter(existing -> existing.size() == content.length).isPresent()) {
            return digest;
        }
        try (Writer writer = writer("blob-" + digest)) {
            writer.write(content);
            return writer.commit(digest, content.length);
        } catch (IOException e) {
            throw new UncheckedIOException("writing blob " + digest, e);
        }
    }

    /**
     * One ingest: an {@link OutputStream} that hashes (sha256) and counts what passes through it,
     * then commits it as a blob. Not thread-safe. Once committed or aborted, writes fail with an
     * {@link IOException} and further {@code abort}/{@code close} calls do nothing.
     *
     * <p>Only this package implements it: the verification and its messages are shared by every
     * store, and subclasses supply where the bytes go.
     */
    abstract class Writer extends OutputStream {
        private enum State { OPEN, COMMITTED, ABORTED }

        private final String ref;
        private final MessageDigest sha256 = Digest.newSha256();
        private final byte[] one = new byte[1];
        private long written;
        private State state = State.OPEN;

        Writer(String ref) {
            this.ref = requireRef(ref);
        }

        /** What this ingest is for, as given to {@link ContentStore#writer}. */
        public final String ref() {
            return ref;
        }

        /** Bytes written so far. */
        public final long written() {
            return written;
        }

        @Override
        public final void write(int b) throws IOException {
            ensureOpen();
            one[0] = (byte) b;
            append(one, 0, 1);
            sha256.update((byte) b);
            written++;
        }

        @Override
        public final void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            ensureOpen();
            append(bytes, offset, length);
            sha256.update(bytes, offset, length);
            written += length;
        }

        /** Hands buffered bytes to the ingest (no fsync: commit does that). Does nothing once finished. */
        @Override
        public final void flush() throws IOException {
            if (state == State.OPEN) {
                flushIngest();
            }
        }

        /**
         * Verifies what was written and makes it the blob {@code expected}. Size is checked first
         * (a truncated download reads better as a size mismatch). On a mismatch nothing is kept:
         * the ingest is deleted and no blob appears. If the blob already exists, the ingest is
         * discarded and the commit succeeds. Either way the writer is finished afterwards.
         *
         * @param expectedSize the expected size in bytes, or -1 when unknown
         * @return {@code expected}
         * @throws EngineException INVALID_ARGUMENT "size mismatch: expected N bytes, got M bytes" or
         *     "digest mismatch: expected sha256:…, got sha256:…"
         */
        public final Digest commit(Digest expected, long expectedSize) {
            Objects.requireNonNull(expected, "expected");
            if (expectedSize < -1) {
                throw EngineException.invalidArgument("invalid expected size " + expectedSize + " for " + ref);
            }
            return finish(expected, expectedSize);
        }

        /** Commits whatever was written, for content whose digest is not known in advance (a new layer). */
        public final Digest commit() {
            return finish(null, -1);
        }

        /** Discards the ingest. Does nothing once committed or aborted. */
        public final void abort() {
            if (state != State.OPEN) {
                return;
            }
            state = State.ABORTED;
            try {
                discard();
            } catch (IOException e) {
                throw new UncheckedIOException("aborting ingest " + ref, e);
            }
        }

        /** Aborts unless committed. */
        @Override
        public final void close() {
            abort();
        }

        private Digest finish(Digest expected, long expectedSize) {
            if (state != State.OPEN) {
                throw new IllegalStateException("ingest " + ref + " is already "
                        + (state == State.COMMITTED ? "committed" : "aborted"));
            }
            Digest actual = Digest.ofSha256Bytes(sha256.digest());
            RuntimeException failure;
            if (expectedSize >= 0 && expectedSize != written) {
                failure = EngineException.invalidArgument(
                        "size mismatch: expected " + expectedSize + " bytes, got " + written + " bytes");
            } else if (expected != null && !expected.equals(actual)) {
                failure = EngineException.invalidArgument("digest mismatch: expected " + expected + ", got " + actual);
            } else {
                try {
                    publish(actual, written);
                    state = State.COMMITTED;
                    return actual;
                } catch (IOException e) {
                    failure = new UncheckedIOException("committing ingest " + ref + " as blob " + actual, e);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            // A failed commit keeps nothing; the first failure is what the caller needs to read.
            state = State.ABORTED;
            try {
                discard();
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw failure;
        }

        private void ensureOpen() throws IOException {
            if (state != State.OPEN) {
                throw new IOException("ingest " + ref + " is already "
                        + (state == State.COMMITTED ? "committed" : "aborted"));
            }
        }

        /** Stores the next bytes of the ingest. */
        abstract void append(byte[] bytes, int offset, int length) throws IOException;

        /** Passes buffered bytes on; for implementations that buffer. */
        void flushIngest() throws IOException {}

        /**
         * Makes the ingest, verified to be {@code digest} of {@code size} bytes, the blob {@code
         * digest} atomically, and removes the ingest. If the blob already exists, keeps it.
         */
        abstract void publish(Digest digest, long size) throws IOException;

        /** Deletes the ingest; called at most once, and never after a successful publish. */
        abstract void discard() throws IOException;

        static String requireRef(String ref) {
            if (ref == null || ref.isBlank()) {
                throw EngineException.invalidArgument("an ingest needs a ref naming what is written");
            }
            return ref;
        }
    }

    /**
     * A blob whose file no longer matches its digest, found by {@link #check} or {@link #verify}.
     *
     * @param size the size of what is stored now, or -1 when it could not be read
     * @param detail what is wrong, in words
     */
    record Problem(Digest digest, Kind kind, long size, String detail) {
        public enum Kind {
            /** The content hashes to another digest. */
            CORRUPT,
            /**
             * The file is empty, which the blob's digest says it is not: what a lost write leaves
             * (data not yet on disk when the machine went down, a full disk during a copy).
             */
            TRUNCATED,
            /** Reading the file failed. */
            UNREADABLE
        }

        public Problem {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }

        /** "blob sha256:… is corrupt: its content hashes to sha256:…" and the like. */
        public String message() {
            return "blob " + digest + " is " + kind.name().toLowerCase(Locale.ROOT) + ": " + detail;
        }
    }
}
