package io.jocker.image.archive;

import io.jocker.oci.digest.Digest;
import java.io.InputStream;

/**
 * Turns a layer blob into a committed snapshot on top of its parent chain: what the snapshotter and
 * the tar applier do together. The image code needs only this, so it is tested with a fake and
 * wired to the real storage by the composition root.
 */
public interface LayerUnpacker {

    /**
     * The result of an unpack.
     *
     * @param diffId sha256 of the whole uncompressed stream
     * @param size the bytes the layer's files take once unpacked
     */
    record Unpacked(Digest diffId, long size) {}

    /** Whether the snapshot for this chain ID is already committed (the layer is shared). */
    boolean exists(Digest chainId);

    /**
     * Applies {@code blob} (plain, gzip or zstd tar) over the snapshot {@code parentChainId} (null
     * for a base layer) and commits it as {@code chainId}. On failure nothing is committed.
     */
    Unpacked unpack(Digest chainId, Digest parentChainId, InputStream blob);

    /**
     * Unpacks a base layer whose diff ID is not known in advance (an import) and commits it under
     * the chain ID of a one-layer chain, which is its diff ID. An identical layer already present is
     * kept and the new copy discarded.
     */
    Unpacked unpackBase(InputStream blob);

    /** Removes the committed snapshot of an unneeded layer; false when there was none. */
    boolean remove(Digest chainId);
}
