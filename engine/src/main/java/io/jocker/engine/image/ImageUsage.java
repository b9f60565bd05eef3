package io.jocker.engine.image;

import io.jocker.oci.digest.Digest;
import java.util.Optional;

/**
 * Who else needs an image, so that it is not removed under them: the container service answers
 * for its containers. Declared here, supplied by the composition root.
 */
@FunctionalInterface
public interface ImageUsage {
    /** Nobody uses any image (before containers exist). */
    ImageUsage NONE = image -> Optional.empty();

    /** The ID of a container using {@code image}, if any. */
    Optional<String> containerUsing(Digest image);
}
