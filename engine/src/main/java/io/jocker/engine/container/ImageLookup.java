package io.jocker.engine.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The port through which container creation resolves an image: a name as the user typed it
 * ({@code bb:1}, {@code busybox}, an image ID or its prefix) to the image ID and the config
 * defaults a new container inherits. The wiring adapts the image service to it.
 */
@FunctionalInterface
public interface ImageLookup {

    /**
     * What a container takes from its image. Null lists and strings mean "not set".
     *
     * @param id the image ID, {@code sha256:<64 hex>}
     * @param size the unpacked size of its layers in bytes ({@code docker ps -s}'s "virtual" part)
     */
    record ImageDefaults(String id, List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
            String user, Map<String, String> labels, String stopSignal, long size) {}

    /** The image, or empty when there is no such image. */
    Optional<ImageDefaults> resolve(String nameOrId);
}
