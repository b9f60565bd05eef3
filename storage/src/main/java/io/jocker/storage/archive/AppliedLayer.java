package io.jocker.storage.archive;

import io.jocker.oci.digest.Digest;
import java.util.Objects;

/**
 * What {@link LayerApplier#apply} did.
 *
 * @param diffId sha256 of the whole decompressed stream, trailing bytes after the tar end included
 * @param compression how the blob was compressed
 * @param size bytes of regular-file content written (hard links counted once)
 */
public record AppliedLayer(Digest diffId, Compression compression, long size) {
    public AppliedLayer {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(compression, "compression");
    }
}
