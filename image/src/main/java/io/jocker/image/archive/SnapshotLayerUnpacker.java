package io.jocker.image.archive;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.storage.archive.AppliedLayer;
import io.jocker.storage.archive.LayerApplier;
import io.jocker.storage.snapshot.ActiveDirFormat;
import io.jocker.storage.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Unpacks layers into the snapshotter: prepare an active snapshot on the parent chain, apply the
 * tar into its directory, commit it under the layer's chain ID. A failed apply removes the active
 * snapshot, so only committed, complete layers ever carry a chain ID. Thread-safe (the snapshotter
 * locks per snapshot; each unpack uses its own key).
 */
public final class SnapshotLayerUnpacker implements LayerUnpacker {
    private static final String UNPACK_KEY_PREFIX = "extract-";

    private final Snapshotter snapshotter;
    private final LayerApplier applier;

    /** Whether an active snapshot is an unpack in progress (or the leftover of an interrupted one). */
    public static boolean isUnpackKey(String key) {
        return key.startsWith(UNPACK_KEY_PREFIX);
    }

    public SnapshotLayerUnpacker(Snapshotter snapshotter, LayerApplier applier) {
        this.snapshotter = snapshotter;
        this.applier = applier;
    }

    @Override
    public boolean exists(Digest chainId) {
        try {
            snapshotter.stat(chainId.toString());
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public Unpacked unpack(Digest chainId, Digest parentChainId, InputStream blob) {
        requireOverlayFormat();
        String key = UNPACK_KEY_PREFIX + UUID.randomUUID();
        snapshotter.prepare(key, parentChainId == null ? null : parentChainId.toString());
        boolean committed = false;
        try {
            AppliedLayer applied = applier.apply(blob, snapshotter.activeDir(key));
            snapshotter.commit(chainId.toString(), key);
            committed = true;
            // Docker counts a layer's size as its directory's: apparent sizes, symlinks included.
            return new Unpacked(applied.diffId(), snapshotter.usage(chainId.toString()).size());
        } catch (IOException e) {
            throw EngineException.invalidArgument("unpacking layer " + chainId + ": " + e.getMessage(), e);
        } finally {
            if (!committed) {
                snapshotter.remove(key);
            }
        }
    }

    @Override
    public Unpacked unpackBase(InputStream blob) {
        requireOverlayFormat();
        String key = UNPACK_KEY_PREFIX + UUID.randomUUID();
        snapshotter.prepare(key, null);
        boolean done = false;
        try {
            AppliedLayer applied = applier.apply(blob, snapshotter.activeDir(key));
            Digest chainId = applied.diffId();
            if (exists(chainId)) {
                snapshotter.remove(key);
            } else {
                snapshotter.commit(chainId.toString(), key);
            }
            done = true;
            return new Unpacked(chainId, snapshotter.usage(chainId.toString()).size());
        } catch (IOException e) {
            throw EngineException.invalidArgument("unpacking the imported layer: " + e.getMessage(), e);
        } finally {
            if (!done) {
                snapshotter.remove(key);
            }
        }
    }

    private void requireOverlayFormat() {
        if (snapshotter.activeDirFormat() != ActiveDirFormat.OVERLAY_DIFF) {
            // The applier writes overlay whiteouts; a full-tree driver needs deletions instead.
            throw EngineException.notImplemented("unpacking layers for the " + snapshotter.driverName()
                    + " storage driver is not implemented yet; use --storage-driver overlay2");
        }
    }

    @Override
    public boolean remove(Digest chainId) {
        try {
            snapshotter.remove(chainId.toString());
            return true;
        } catch (EngineException e) {
            if (e.kind() == io.jocker.common.error.ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
