package io.jocker.storage.snapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The durable record of one snapshot, stored under its {@code id} (see the package doc). A commit
 * rewrites the record under the same id with the new name and kind, so the snapshot's directory
 * never moves.
 *
 * @param id the directory name under {@code snapshots/}, 32 hex digits
 * @param name the name (committed) or key (active, view)
 * @param kind view, active or committed
 * @param parentId the id of the parent snapshot, null for none
 * @param size bytes measured at commit, null before
 * @param created RFC 3339 time of the prepare
 */
record SnapshotRecord(String id, String name, Kind kind, String parentId, Long size, String created) {
    static final int VERSION = 1;

    SnapshotRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(created, "created");
    }

    SnapshotRecord committed(String newName, long measuredSize) {
        return new SnapshotRecord(id, newName, Kind.COMMITTED, parentId, measuredSize, created);
    }

    SnapshotInfo info(Optional<String> parentName) {
        return new SnapshotInfo(name, kind, parentName, Instant.parse(created),
                size == null ? OptionalLong.empty() : OptionalLong.of(size));
    }
}
