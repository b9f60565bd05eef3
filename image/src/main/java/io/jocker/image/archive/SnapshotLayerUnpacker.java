package io.jocker.image.archive;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.storage.archive.AppliedLayer;
import io.jocker.storage.archive.LayerApplier;
import io.jocker.storage.archive.WhiteoutMode;
import io.jocker.storage.snapshot.ActiveDirFormat;
import io.jocker.storage.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Unpacks layers into the snapshotter: prepare an active snapshot on the parent chain, apply the
 * tar into its directory, commit it under the layer's chain ID. A failed apply removes the active
 * snapshot, so only committed, complete layers ever carry a chain ID. The applier's whiteout mode
 * follows the snapshotter's {@link ActiveDirFormat}: overlay whiteouts into an overlay2 upper
 * directory, deletions in place (and directories replaced by files or the reverse, as Docker's
 * vfs does) in a vfs copy of the parent. Thread-safe (the snapshotter locks per snapshot; each
 * unpack uses its own key).
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
        String key = UNPACK_KEY_PREFIX + UUID.randomUUID();
        snapshotter.prepare(key, parentChainId == null ? null : parentChainId.toString());
        boolean committed = false;
        try {
            AppliedLayer applied = applierForFormat().apply(blob, snapshotter.activeDir(key));
            snapshotter.commit(chainId.toString(), key);
            committed = true;
            return new Unpacked(applied.diffId(), sizeOf(applied, chainId));
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
        String key = UNPACK_KEY_PREFIX + UUID.randomUUID();
        snapshotter.prepare(key, null);
        boolean done = false;
        try {
            AppliedLayer applied = applierForFormat().apply(blob, snapshotter.activeDir(key));
            Digest chainId = applied.diffId();
            if (exists(chainId)) {
                snapshotter.remove(key);
            } else {
                snapshotter.commit(chainId.toString(), key);
            }
            done = true;
            return new Unpacked(chainId, sizeOf(applied, chainId));
        } catch (IOException e) {
            throw EngineException.invalidArgument("unpacking the imported layer: " + e.getMessage(), e);
        } finally {
            if (!done) {
                snapshotter.remove(key);
            }
        }
    }

    /**
     * A layer's size as Docker counts it. overlay2 measures the layer's own directory (apparent
     * sizes, symlinks included); a vfs directory is the whole tree, so Docker's vfs counts what
     * the untar wrote instead (moby {@code NaiveDiffDriver.ApplyDiff}), lest every layer weigh
     * as much as the image up to it.
     */
    private long sizeOf(AppliedLayer applied, Digest chainId) {
        return switch (snapshotter.activeDirFormat()) {
            case OVERLAY_DIFF -> snapshotter.usage(chainId.toString()).size();
            case FULL_TREE -> applied.size();
        };
    }

    /** The applier as given, with the whiteout handling the snapshotter's active directories need. */
    private LayerApplier applierForFormat() {
        LayerApplier.Options options = applier.options();
        return applier.withOptions(switch (snapshotter.activeDirFormat()) {
            case OVERLAY_DIFF -> options.withWhiteoutMode(WhiteoutMode.OVERLAY);
            // A copy of the parent: a layer may turn its directories into files and the reverse.
            case FULL_TREE -> options.withWhiteoutMode(WhiteoutMode.DELETE).withReplaceDirectories(true);
        });
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
