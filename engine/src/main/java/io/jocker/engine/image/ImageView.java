package io.jocker.engine.image;

import io.jocker.oci.config.ImageConfig;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import java.time.Instant;
import java.util.List;

/**
 * An image with everything list and inspect show. Immutable.
 *
 * @param id the image ID (the digest of its config's bytes)
 * @param config the parsed config
 * @param tags the tags pointing at it, sorted
 * @param repoDigests "name@sha256:…" references registries know it by
 * @param parent the image it was built from, or null
 * @param lastTagTime when a tag last pointed here, or null
 * @param layerSizes the unpacked size of each layer, base first
 */
public record ImageView(Digest id, ImageConfig config, List<Reference> tags, List<String> repoDigests, Digest parent,
        Instant lastTagTime, List<Long> layerSizes) {

    public ImageView {
        tags = List.copyOf(tags);
        repoDigests = List.copyOf(repoDigests);
        layerSizes = List.copyOf(layerSizes);
    }

    /** The bytes all its layers take unpacked. */
    public long size() {
        return layerSizes.stream().mapToLong(Long::longValue).sum();
    }

    /** No tag or digest reference points at it. */
    public boolean dangling() {
        return tags.isEmpty() && repoDigests.isEmpty();
    }
}
