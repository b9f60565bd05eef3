package io.jocker.storage.snapshot;

import io.jocker.common.error.EngineException;
import io.jocker.linux.mount.MountInfo;
import io.jocker.linux.mount.Mounter;
import io.jocker.storage.metadata.RecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What both snapshotters share: one directory per snapshot named by a random id, one durable
 * record per snapshot, the in-memory index of names and keys, the locks, and cleanup (layout in the
 * package doc). Subclasses decide what a new snapshot's directory starts with ({@link #populate})
 * and how it is mounted ({@link #mountsOf}).
 *
 * <p>The order of writes is what makes a crash harmless: prepare creates the directory before the
 * record, and remove deletes the record before the directory, so a crash can only leave a
 * directory without a record, which {@link #cleanup} removes; commit is one atomic record rewrite.
 *
 * <p>Thread-safe: a lock per name or key ({@link KeyedLocks}); prepare and view also lock the
 * parent, which keeps remove of the parent out until the child's record exists; commit locks the
 * key and the new name. Every mutating operation shares a read lock that {@link #cleanup} takes
 * exclusively. The index maps hold immutable records, so readers need no lock.
 */
abstract class DirectorySnapshotter implements Snapshotter {
    private static final int MAX_NAME_LENGTH = 1024;

    private final Path snapshotsDir;
    private final RecordStore<SnapshotRecord> records;
    private final Mounter mounter;
    private final KeyedLocks locks = new KeyedLocks();
    private final ReadWriteLock cleanupLock = new ReentrantReadWriteLock();
    private final AtomicReference<Instant> lastCreated = new AtomicReference<>(Instant.EPOCH);
    /** Name or key → record. */
    private final Map<String, SnapshotRecord> byName = new ConcurrentHashMap<>();
    /** Id → record. */
    private final Map<String, SnapshotRecord> byId = new ConcurrentHashMap<>();

    DirectorySnapshotter(Path root, Mounter mounter) {
        this.snapshotsDir = root.resolve("snapshots");
        this.mounter = mounter;
        try {
            Files.createDirectories(snapshotsDir);
        } catch (IOException e) {
            throw EngineException.internal("creating snapshot directory " + snapshotsDir + ": " + e.getMessage(), e);
        }
        this.records = RecordStore.open(root.resolve("metadata").resolve("snapshots"), SnapshotRecord.class,
                SnapshotRecord.VERSION);
        for (String id : records.keys()) {
            records.read(id).ifPresent(r -> {
                byName.put(r.name(), r);
                byId.put(r.id(), r);
                Instant created = Instant.parse(r.created());
                lastCreated.accumulateAndGet(created, (a, b) -> a.isAfter(b) ? a : b);
            });
        }
    }

    /**
     * Fills the new snapshot directory {@code dir} (which exists, empty) for a snapshot of
     * {@code kind} whose parent chain is {@code chain} (nearest first, empty for none).
     */
    abstract void populate(Path dir, Kind kind, List<SnapshotRecord> chain) throws IOException;

    /** The mounts of an active snapshot or view, given its parent chain (nearest first). */
    abstract List<MountSpec> mountsOf(SnapshotRecord snapshot, List<SnapshotRecord> chain);

    /** A snapshot's directory. */
    final Path dirOf(String id) {
        return snapshotsDir.resolve(id);
    }

    /** The directory of a snapshot's own files ("fs"). */
    final Path fsOf(String id) {
        return dirOf(id).resolve("fs");
    }

    /** overlayfs's work directory of a snapshot ("work"). */
    final Path workOf(String id) {
        return dirOf(id).resolve("work");
    }

    // ---------------------------------------------------------------- prepare, view

    @Override
    public List<MountSpec> prepare(String key, String parent) {
        return create(Kind.ACTIVE, key, parent);
    }

    @Override
    public List<MountSpec> view(String key, String parent) {
        return create(Kind.VIEW, key, parent);
    }

    private List<MountSpec> create(Kind kind, String key, String parent) {
        validateName(key);
        String parentName = parent == null || parent.isEmpty() ? null : parent;
        cleanupLock.readLock().lock();
        try (KeyedLocks.Held _ = locks.lock(key, parentName)) {
            if (byName.containsKey(key)) {
                throw EngineException.conflict("snapshot " + key + " already exists");
            }
            List<SnapshotRecord> chain = List.of();
            if (parentName != null) {
                SnapshotRecord p = byName.get(parentName);
                if (p == null) {
                    throw EngineException.notFound("parent snapshot " + parentName + " does not exist");
                }
                if (p.kind() != Kind.COMMITTED) {
                    throw EngineException.invalidArgument("parent " + parentName + " is not a committed snapshot");
                }
                chain = chainFrom(p);
            }
            Path dir = newDirectory();
            String id = dir.getFileName().toString();
            SnapshotRecord record = new SnapshotRecord(id, key, kind, chain.isEmpty() ? null : chain.getFirst().id(),
                    null, nextCreationTime().toString());
            try {
                populate(dir, kind, chain);
                records.write(id, record); // from here on the snapshot exists, also after a crash
            } catch (IOException | RuntimeException e) {
                discard(dir, e);
                throw failure("preparing snapshot " + key, e);
            }
            byId.put(id, record);
            byName.put(key, record);
            return mountsOf(record, chain);
        } finally {
            cleanupLock.readLock().unlock();
        }
    }

    /**
     * Now, to the microsecond, but always after the last one this instance handed out, so that
     * {@link #list()} (oldest first) keeps the order of the prepares even within one microsecond.
     */
    private Instant nextCreationTime() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return lastCreated.updateAndGet(last -> now.isAfter(last) ? now : last.plus(1, ChronoUnit.MICROS));
    }

    /** A new, empty snapshot directory with a random id that no other snapshot has. */
    private Path newDirectory() {
        HexFormat hex = HexFormat.of();
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[16];
            ThreadLocalRandom.current().nextBytes(random);
            Path dir = dirOf(hex.formatHex(random));
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw EngineException.internal("cannot find a free snapshot id in " + snapshotsDir, e);
                }
            } catch (IOException e) {
                throw EngineException.internal("creating snapshot directory " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    // ---------------------------------------------------------------- commit

    @Override
    public void commit(String name, String key) {
        validateName(name);
        cleanupLock.readLock().lock();
        try (KeyedLocks.Held _ = locks.lock(name, key)) {
            SnapshotRecord active = require(key);
            if (active.kind() != Kind.ACTIVE) {
                throw EngineException.conflict("snapshot " + key + " is " + describe(active.kind())
                        + ", not active: only active snapshots can be committed");
            }
            if (byName.containsKey(name)) {
                throw EngineException.conflict("snapshot " + name + " already exists");
            }
            SnapshotRecord committed;
            try {
                committed = active.committed(name, DiskUsage.of(fsOf(active.id())).size());
                records.write(active.id(), committed);
            } catch (IOException | RuntimeException e) {
                throw failure("committing snapshot " + key + " as " + name, e);
            }
            byId.put(committed.id(), committed);
            byName.put(name, committed);
            byName.remove(key);
        } finally {
            cleanupLock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<MountSpec> mounts(String key) {
        SnapshotRecord snapshot = require(key);
        if (snapshot.kind() == Kind.COMMITTED) {
            throw EngineException.conflict("snapshot " + key
                    + " is committed: only active snapshots and views have mounts");
        }
        return mountsOf(snapshot, chainFrom(parentOf(snapshot)));
    }

    @Override
    public SnapshotInfo stat(String nameOrKey) {
        return info(require(nameOrKey));
    }

    @Override
    public List<SnapshotInfo> list() {
        return byName.values().stream()
                .sorted(Comparator.comparing((SnapshotRecord r) -> Instant.parse(r.created()))
                        .thenComparing(SnapshotRecord::name))
                .map(this::info)
                .toList();
    }

    @Override
    public Usage usage(String nameOrKey) {
        SnapshotRecord snapshot = require(nameOrKey);
        try {
            return DiskUsage.of(fsOf(snapshot.id()));
        } catch (IOException | RuntimeException e) {
            throw failure("measuring snapshot " + nameOrKey, e);
        }
    }

    @Override
    public Path activeDir(String key) {
        SnapshotRecord snapshot = require(key);
        if (snapshot.kind() != Kind.ACTIVE) {
            throw EngineException.conflict("snapshot " + key + " is " + describe(snapshot.kind())
                    + ", not active: only active snapshots are written to");
        }
        return fsOf(snapshot.id());
    }

    private SnapshotInfo info(SnapshotRecord snapshot) {
        SnapshotRecord parent = parentOf(snapshot);
        return snapshot.info(Optional.ofNullable(parent).map(SnapshotRecord::name));
    }

    // ---------------------------------------------------------------- remove, cleanup

    @Override
    public void remove(String nameOrKey) {
        cleanupLock.readLock().lock();
        try (KeyedLocks.Held _ = locks.lock(nameOrKey)) {
            SnapshotRecord snapshot = require(nameOrKey);
            List<String> children = byId.values().stream()
                    .filter(r -> snapshot.id().equals(r.parentId()))
                    .map(SnapshotRecord::name)
                    .sorted()
                    .toList();
            if (!children.isEmpty()) {
                throw EngineException.conflict("cannot remove snapshot " + nameOrKey + ": "
                        + children.size() + " snapshot(s) depend on it: " + String.join(", ", children));
            }
            Path dir = dirOf(snapshot.id());
            refuseIfMounted(dir, "cannot remove snapshot " + nameOrKey);
            try {
                records.delete(snapshot.id()); // from here on the snapshot is gone, also after a crash
            } catch (RuntimeException e) {
                throw failure("removing snapshot " + nameOrKey, e);
            }
            byName.remove(snapshot.name());
            byId.remove(snapshot.id());
            try {
                deleteTree(dir);
            } catch (IOException e) {
                throw EngineException.internal("removed snapshot " + nameOrKey + " but not its directory " + dir
                        + " (cleanup will retry): " + e.getMessage(), e);
            }
        } finally {
            cleanupLock.readLock().unlock();
        }
    }

    @Override
    public List<Path> cleanup() {
        cleanupLock.writeLock().lock();
        try {
            List<Path> removed = new ArrayList<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(snapshotsDir)) {
                for (Path dir : dirs) {
                    if (!byId.containsKey(dir.getFileName().toString())) {
                        refuseIfMounted(dir, "cannot clean up leftover snapshot directory " + dir);
                        deleteTree(dir);
                        removed.add(dir);
                    }
                }
            } catch (IOException e) {
                throw EngineException.internal("cleaning up " + snapshotsDir + ": " + e.getMessage(), e);
            }
            return removed;
        } finally {
            cleanupLock.writeLock().unlock();
        }
    }

    /**
     * Deleting a tree with a mount inside would delete the mounted file system's files too, and
     * deleting one that a mount uses would pull a live container's files away ({@link MountUse}).
     */
    private void refuseIfMounted(Path dir, String what) {
        List<MountInfo> table;
        try {
            table = mounter.mountsUnder(Path.of("/"));
        } catch (IOException e) {
            throw EngineException.internal(what + ": reading the mount table: " + e.getMessage(), e);
        }
        MountUse.find(dir, table).ifPresent(use -> {
            throw EngineException.conflict(what + ": " + use);
        });
    }

    /** Removes a snapshot directory that a failed prepare left; the original failure is what counts. */
    private static void discard(Path dir, Exception cause) {
        try {
            deleteTree(dir);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e); // and cleanup() removes what is left on the next start
        }
    }

    /**
     * Deletes a tree without following symlinks, making directories writable first (overlayfs
     * leaves a {@code work/work} with mode 000, which only root could otherwise empty).
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isWritable(dir) || !Files.isExecutable(dir) || !Files.isReadable(dir)) {
                    Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private SnapshotRecord require(String nameOrKey) {
        SnapshotRecord snapshot = nameOrKey == null ? null : byName.get(nameOrKey);
        if (snapshot == null) {
            throw EngineException.notFound("snapshot " + nameOrKey + " does not exist");
        }
        return snapshot;
    }

    private SnapshotRecord parentOf(SnapshotRecord snapshot) {
        return snapshot.parentId() == null ? null : byId.get(snapshot.parentId());
    }

    /** {@code first} and its ancestors, nearest first; empty for null. */
    private List<SnapshotRecord> chainFrom(SnapshotRecord first) {
        List<SnapshotRecord> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SnapshotRecord r = first; r != null; r = parentOf(r)) {
            if (!seen.add(r.id())) {
                throw EngineException.internal("snapshot records form a cycle at " + r.name(), null);
            }
            chain.add(r);
            if (r.parentId() != null && !byId.containsKey(r.parentId())) {
                throw EngineException.internal("snapshot " + r.name() + " names parent id " + r.parentId()
                        + ", which has no record", null);
            }
        }
        return List.copyOf(chain);
    }

    private static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw EngineException.invalidArgument("snapshot name or key must not be empty");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw EngineException.invalidArgument("snapshot name or key is longer than " + MAX_NAME_LENGTH
                    + " characters: " + name.substring(0, 64) + "...");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw EngineException.invalidArgument("snapshot name or key contains a control character: "
                    + name.replaceAll("\\p{Cntrl}", "?"));
        }
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case VIEW -> "a view";
            case ACTIVE -> "active";
            case COMMITTED -> "committed";
        };
    }

    private static EngineException failure(String what, Exception e) {
        if (e instanceof EngineException engine) {
            return EngineException.wrap(what, engine);
        }
        Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
        return EngineException.internal(what + ": " + cause.getMessage(), e);
    }
}
