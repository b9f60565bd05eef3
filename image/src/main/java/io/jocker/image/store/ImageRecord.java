package io.jocker.image.store;

import io.jocker.oci.digest.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An image as the engine keeps it: its ID (the digest of its config, whose bytes live in the
 * content store), its layer chain, and the digests under which registries know it.
 *
 * @param id the image ID, {@code sha256:} of the exact config bytes
 * @param layers the chain IDs of its layers, base first
 * @param repoDigests "name@sha256:…" references (from pulls and pushes)
 * @param parent the image this one was built or committed from, or null
 * @param stored when this engine stored the image
 * @param lastTagTime when a tag last pointed here, or null
 */
public record ImageRecord(Digest id, List<Digest> layers, List<String> repoDigests, Digest parent, Instant stored,
        Instant lastTagTime) {

    public ImageRecord {
        Objects.requireNonNull(id, "id");
        layers = List.copyOf(layers);
        repoDigests = List.copyOf(repoDigests == null ? List.of() : repoDigests);
        Objects.requireNonNull(stored, "stored");
    }

    public ImageRecord withLastTagTime(Instant time) {
        return new ImageRecord(id, layers, repoDigests, parent, stored, time);
    }

    public ImageRecord withRepoDigests(List<String> digests) {
        return new ImageRecord(id, layers, digests, parent, stored, lastTagTime);
    }
}
