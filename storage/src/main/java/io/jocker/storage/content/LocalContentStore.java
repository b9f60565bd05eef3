package io.jocker.storage.content;

import io.jocker.common.durable.DurableFiles;
import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content store as files under one root directory; the layout and the commit sequence are in
 * the package doc. Blobs stream through fixed-size buffers, never whole into memory.
 *
 * <p>Thread-safe without locks: every writer has its own ingest file, and publishing a blob is one
 * link(2), which fails rather than replaces when another writer got there first. The store only
 * keeps the set of ingest files its open writers own, so that {@link #cleanIngest} spares them.
 */
final class LocalContentStore implements ContentStore {
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Path blobs;
    private final Path ingest;
    private final Set<Path> ownedIngests = ConcurrentHashMap.newKeySet();

    private LocalContentStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.ingest = root.resolve("ingest");
    }

    static LocalContentStore open(Path root) {
        LocalContentStore store = new LocalContentStore(root.toAbsolutePath().normalize());
        try {
            Files.createDirectories(store.blobs);
            Files.createDirectories(store.ingest);
        } catch (IOException e) {
            throw new UncheckedIOException("opening content store " + root, e);
        }
        store.cleanIngest();
        return store;
    }

    @Override
    public Writer writer(String ref) {
        Writer.requireRef(ref);
        try {
            return new LocalWriter(ref);
        } catch (IOException e) {
            throw new UncheckedIOException("starting ingest " + ref + " in " + ingest, e);
        }
    }

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        Path file = blobPath(digest);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new BlobInfo(digest, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading blob " + file, e);
        }
    }

    @Override
    public InputStream open(Digest digest) {
        Path file = blobPath(digest);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("opening blob " + file, e);
        }
    }

    @Override
    public Path path(Digest digest) {
        Path file = blobPath(digest);
        if (!Files.isRegularFile(file)) {
            throw notFound(digest);
        }
        return file;
    }

    @Override
    public boolean delete(Digest digest) {
        Path file = blobPath(digest);
        try {
            return DurableFiles.deleteDurably(file);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting blob " + file, e);
        }
    }

    @Override
    public List<BlobInfo> list() {
        List<BlobInfo> infos = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                // Anything not named by a digest is not a blob (it was never put there by a commit).
                if (HEX.matcher(name).matches()) {
                    info(new Digest("sha256", name)).ifPresent(infos::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing blobs in " + blobs, e);
        }
        infos.sort(Comparator.comparing(BlobInfo::digest));
        return infos;
    }

    @Override
    public long sizeOfAll() {
        return list().stream().mapToLong(BlobInfo::size).sum();
    }

    @Override
    public void verify(Digest digest) {
        try {
            Optional<Problem> problem = inspect(digest);
            if (problem.isPresent()) {
                throw EngineException.internal(problem.get().message(), null);
            }
        } catch (NoSuchFileException e) {
            throw notFound(digest);
        }
    }

    @Override
    public List<Problem> check() {
        List<Problem> problems = new ArrayList<>();
        for (BlobInfo blob : list()) {
            try {
                inspect(blob.digest()).ifPresent(problems::add);
            } catch (NoSuchFileException e) {
                // Deleted since it was listed: nothing left to be wrong.
            }
        }
        return problems;
    }

    @Override
    public int cleanIngest() {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(ingest)) {
            for (Path entry : entries) {
                if (!ownedIngests.contains(entry) && deleteRecursively(entry)) {
                    removed++;
                }
            }
            if (removed > 0) {
                DurableFiles.syncDirectory(ingest);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cleaning ingests in " + ingest, e);
        }
        return removed;
    }

    private Path blobPath(Digest digest) {
        return blobs.resolve(digest.hex());
    }

    private static EngineException notFound(Digest digest) {
        return EngineException.notFound("blob " + digest + " not found");
    }

    /** Re-hashes the blob's file; empty when it matches. */
    private Optional<Problem> inspect(Digest digest) throws NoSuchFileException {
        Path file = blobPath(digest);
        long size = -1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            MessageDigest sha256 = Digest.newSha256();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                sha256.update(buffer);
                buffer.clear();
            }
            Digest actual = Digest.ofSha256Bytes(sha256.digest());
            if (actual.equals(digest)) {
                return Optional.empty();
            }
            if (size == 0) {
                return Optional.of(new Problem(digest, Problem.Kind.TRUNCATED, 0, "the file " + file + " is empty"));
            }
            return Optional.of(new Problem(digest, Problem.Kind.CORRUPT, size,
                    "its " + size + " bytes hash to " + actual));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            return Optional.of(new Problem(digest, Problem.Kind.UNREADABLE, size, "reading " + file + ": " + e));
        }
    }

    /** False when {@code path} was already gone (its writer finished meanwhile). */
    private static boolean deleteRecursively(Path path) throws IOException {
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return Files.deleteIfExists(path);
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
        return true;
    }

    /** An ingest file {@code <root>/ingest/<16 hex>}, written through a buffer and fsynced at commit. */
    private final class LocalWriter extends Writer {
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;

        LocalWriter(String ref) throws IOException {
            super(ref);
            Path candidate;
            FileChannel opened;
            while (true) {
                candidate = ingest.resolve(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
                // Owned before it exists, so that a concurrent cleanIngest never sees it unowned.
                if (!ownedIngests.add(candidate)) {
                    continue;
                }
                try {
                    opened = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    break;
                } catch (FileAlreadyExistsException e) {
                    ownedIngests.remove(candidate); // a crash's leftover by that name: pick another
                } catch (IOException | RuntimeException e) {
                    ownedIngests.remove(candidate);
                    throw e;
                }
            }
            this.file = candidate;
            this.channel = opened;
            this.out = new BufferedOutputStream(Channels.newOutputStream(opened), BUFFER_SIZE);
        }

        @Override
        void append(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        void flushIngest() throws IOException {
            out.flush();
        }

        @Override
        void publish(Digest digest, long size) throws IOException {
            out.flush();
            // Read-only and stamped with the commit time before it becomes visible; one fsync
            // then makes data and metadata durable before the link names it.
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            Files.setPosixFilePermissions(file, READ_ONLY);
            channel.force(true);
            channel.close();
            Path target = blobPath(digest);
            boolean published = true;
            try {
                // link(2), unlike rename(2), never replaces: the first writer's blob stays put.
                Files.createLink(target, file);
            } catch (FileAlreadyExistsException e) {
                published = false;
                if (sizeOf(target) != size) {
                    // The existing blob has the wrong size (damaged on disk): the bytes just
                    // verified are the right ones, so they replace it.
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    published = true;
                }
            }
            if (published) {
                DurableFiles.syncDirectory(blobs);
            }
            // If we crash before this, the ingest is a second name of the blob and cleanIngest
            // unlinks it; the blob is unaffected.
            Files.deleteIfExists(file);
            ownedIngests.remove(file);
        }

        @Override
        void discard() throws IOException {
            try {
                channel.close(); // not out.close(): nothing buffered is wanted any more
            } finally {
                Files.deleteIfExists(file);
                ownedIngests.remove(file);
            }
        }

        private static long sizeOf(Path path) throws IOException {
            try {
                return Files.size(path);
            } catch (NoSuchFileException e) {
                return -1;
            }
        }
    }
}
