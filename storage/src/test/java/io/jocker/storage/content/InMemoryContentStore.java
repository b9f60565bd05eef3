package io.jocker.storage.content;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ContentStore} in the heap, for tests of the code above the store (pull, push, build).
 * It passes {@link ContentStoreContract}, so it behaves like the real store, messages included.
 * Blobs are held whole in memory: keep them small. {@link #path} copies a blob to a temporary file
 * on first use (deleted when the JVM exits), since callers of {@code path} want a real file.
 *
 * <p>Beyond the interface, tests can {@link #damage} a blob and {@link #leaveCrashedIngest leave a
 * crashed ingest}, to exercise {@code check} and recovery paths. Thread-safe.
 */
public final class InMemoryContentStore implements ContentStore {
    private record Blob(byte[] content, Instant created) {}

    /** An ingest; {@code owned} is false for what a "crash" left. */
    private record Ingest(String ref, ByteArrayOutputStream bytes, boolean owned) {}

    private final Map<Digest, Blob> blobs = new ConcurrentHashMap<>();
    private final Map<Long, Ingest> ingests = new ConcurrentHashMap<>();
    private final AtomicLong nextIngest = new AtomicLong();
    private Path spillDir; // guarded by this

    @Override
    public Writer writer(String ref) {
        Writer.requireRef(ref);
        return new MemoryWriter(ref);
    }

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        Blob blob = blobs.get(digest);
        return blob == null ? Optional.empty() : Optional.of(infoOf(digest, blob));
    }

    @Override
    public InputStream open(Digest digest) {
        return new ByteArrayInputStream(require(digest).content());
    }

    @Override
    public synchronized Path path(Digest digest) {
        Blob blob = require(digest);
        try {
            if (spillDir == null) {
                spillDir = Files.createTempDirectory("jocker-content-");
                spillDir.toFile().deleteOnExit();
            }
            Path file = spillDir.resolve(digest.hex());
            if (!Files.exists(file)) {
                Path temp = Files.createTempFile(spillDir, "ingest-", ".tmp");
                Files.write(temp, blob.content());
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
                file.toFile().deleteOnExit();
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("copying blob " + digest + " to a file", e);
        }
    }

    @Override
    public boolean delete(Digest digest) {
        boolean deleted = blobs.remove(digest) != null;
        forgetSpilled(digest);
        return deleted;
    }

    @Override
    public List<BlobInfo> list() {
        return blobs.entrySet().stream()
                .map(entry -> infoOf(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(BlobInfo::digest))
                .toList();
    }

    @Override
    public long sizeOfAll() {
        return blobs.values().stream().mapToLong(blob -> blob.content().length).sum();
    }

    @Override
    public void verify(Digest digest) {
        inspect(digest, require(digest)).ifPresent(problem -> {
            throw EngineException.internal(problem.message(), null);
        });
    }

    @Override
    public List<Problem> check() {
        return blobs.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .flatMap(entry -> inspect(entry.getKey(), entry.getValue()).stream())
                .toList();
    }

    @Override
    public int cleanIngest() {
        int removed = 0;
        for (var entry : ingests.entrySet()) {
            if (!entry.getValue().owned() && ingests.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    /** Replaces a blob's bytes without changing its name, as disk damage would. */
    public void damage(Digest digest, byte[] content) {
        Blob blob = require(digest);
        blobs.put(digest, new Blob(content.clone(), blob.created()));
        forgetSpilled(digest);
    }

    /** Leaves an ingest no writer owns, as a killed process would; {@link #cleanIngest} removes it. */
    public void leaveCrashedIngest(String ref, byte[] partial) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(partial);
        ingests.put(nextIngest.incrementAndGet(), new Ingest(ref, bytes, false));
    }

    /** Ingests held, open or left over. */
    public int ingestCount() {
        return ingests.size();
    }

    private Blob require(Digest digest) {
        Blob blob = blobs.get(digest);
        if (blob == null) {
            throw EngineException.notFound("blob " + digest + " not found");
        }
        return blob;
    }

    private static BlobInfo infoOf(Digest digest, Blob blob) {
        return new BlobInfo(digest, blob.content().length, blob.created());
    }

    private static Optional<Problem> inspect(Digest digest, Blob blob) {
        Digest actual = Digest.sha256Of(blob.content());
        if (actual.equals(digest)) {
            return Optional.empty();
        }
        if (blob.content().length == 0) {
            return Optional.of(new Problem(digest, Problem.Kind.TRUNCATED, 0, "it holds no bytes"));
        }
        long size = blob.content().length;
        return Optional.of(new Problem(digest, Problem.Kind.CORRUPT, size, "its " + size + " bytes hash to " + actual));
    }

    private synchronized void forgetSpilled(Digest digest) {
        if (spillDir == null) {
            return;
        }
        try {
            Files.deleteIfExists(spillDir.resolve(digest.hex()));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the file copy of blob " + digest, e);
        }
    }

    private final class MemoryWriter extends Writer {
        private final long id = nextIngest.incrementAndGet();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        MemoryWriter(String ref) {
            super(ref);
            ingests.put(id, new Ingest(ref, bytes, true));
        }

        @Override
        void append(byte[] chunk, int offset, int length) {
            bytes.write(chunk, offset, length);
        }

        @Override
        void publish(Digest digest, long size) {
            byte[] content = bytes.toByteArray();
            Blob kept = blobs.compute(digest, (key, existing) ->
                    existing != null && existing.content().length == size ? existing : new Blob(content, Instant.now()));
            if (kept.content() == content) {
                forgetSpilled(digest); // a damaged blob was replaced: its file copy is stale
            }
            ingests.remove(id);
        }

        @Override
        void discard() {
            ingests.remove(id);
        }
    }
}
