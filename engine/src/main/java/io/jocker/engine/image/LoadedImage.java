package io.jocker.engine.image;

import java.util.List;

/**
 * One image a load stored.
 *
 * @param id the image ID, "sha256:…"
 * @param tags the tags it carries from the archive, familiar form ("busybox:1")
 */
public record LoadedImage(String id, List<String> tags) {
    public LoadedImage {
        tags = List.copyOf(tags);
    }
}
