package io.jocker.storage.snapshot;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@link Snapshotter#stat} and {@link Snapshotter#list} say about one snapshot. An immutable
 * value: it does not follow later changes.
 *
 * @param name the name of a committed snapshot or the key of an active snapshot or view
 * @param kind view, active or committed
 * @param parent the name of the committed snapshot this one descends from; empty for a base layer
 *     or a container created from no image
 * @param created when the snapshot was prepared (a commit keeps the time of the prepare)
 * @param size for committed snapshots, {@link Usage#size} measured at commit (it cannot change);
 *     empty for active snapshots and views, whose size {@link Snapshotter#usage} measures on demand
 */
public record SnapshotInfo(String name, Kind kind, Optional<String> parent, Instant created, OptionalLong size) {
    public SnapshotInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(size, "size");
    }
}
