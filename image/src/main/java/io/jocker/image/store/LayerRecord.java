package io.jocker.image.store;

import io.jocker.oci.digest.Digest;
import java.util.Objects;

/**
 * One unpacked layer, shared by every image whose layer chain passes through it.
 *
 * @param chainId the layer's chain ID (names the committed snapshot)
 * @param diffId the sha256 of the layer's uncompressed tar
 * @param parentChainId the chain ID of the layer below, or null for a base layer
 * @param blob the layer as it arrived (kept byte for byte: save and push send these bytes)
 * @param blobMediaType the blob's media type (tar, tar+gzip, tar+zstd)
 * @param blobSize the blob's size in bytes
 * @param unpackedSize the bytes the layer's files take once unpacked
 */
public record LayerRecord(Digest chainId, Digest diffId, Digest parentChainId, Digest blob, String blobMediaType,
        long blobSize, long unpackedSize) {

    public LayerRecord {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(blobMediaType, "blobMediaType");
    }

    /** The name of the layer's committed snapshot. */
    public String snapshotName() {
        return chainId.hex();
    }
}
