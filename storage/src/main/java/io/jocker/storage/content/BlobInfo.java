package io.jocker.storage.content;

import io.jocker.oci.digest.Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * What the content store knows about a committed blob. Immutable.
 *
 * @param size the blob's length in bytes
 * @param created when the blob was first committed
 */
public record BlobInfo(Digest digest, long size, Instant created) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative blob size " + size + " for " + digest);
        }
    }
}
