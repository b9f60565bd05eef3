package io.jocker.api.server.image;

import io.jocker.common.error.EngineException;
import io.jocker.engine.image.ImageService;
import io.jocker.engine.image.ImageView;
import io.jocker.oci.reference.Reference;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} of {@code GET /images/json}: dangling, reference (a glob on the familiar
 * name, with or without the tag), label ({@code key} or {@code key=value}, all required), before
 * and since (another image, by creation time), until (a timestamp: images created before it). Unknown keys are refused as dockerd refuses them.
 * Immutable.
 */
final class ImageFilter {
    private static final Set<String> KEYS = Set.of("dangling", "label", "before", "since", "reference", "until");

    private final Boolean dangling;
    private final List<PathMatcher> references;
    private final Set<String> labels;
    private final Instant before;
    private final Instant since;
    private final Instant until;

    private ImageFilter(Boolean dangling, List<PathMatcher> references, Set<String> labels, Instant before,
            Instant since, Instant until) {
        this.dangling = dangling;
        this.references = references;
        this.labels = labels;
        this.before = before;
        this.since = since;
        this.until = until;
    }

    static ImageFilter of(Map<String, Set<String>> filters, ImageService images) {
        for (String key : filters.keySet()) {
            if (!KEYS.contains(key)) {
                throw EngineException.invalidArgument("invalid filter '" + key + "'");
            }
        }
        Boolean dangling = null;
        for (String value : filters.getOrDefault("dangling", Set.of())) {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1" -> dangling = Boolean.TRUE;
                case "false", "0" -> dangling = Boolean.FALSE;
                default -> throw EngineException.invalidArgument("invalid filter 'dangling=" + value + "'");
            }
        }
        List<PathMatcher> references = new ArrayList<>();
        for (String pattern : filters.getOrDefault("reference", Set.of())) {
            references.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
        }
        Instant until = null;
        for (String value : filters.getOrDefault("until", Set.of())) {
            until = ImageRouter.untilInstant(value);
        }
        return new ImageFilter(dangling, references, filters.getOrDefault("label", Set.of()),
                createdOf(filters.get("before"), images), createdOf(filters.get("since"), images), until);
    }

    private static Instant createdOf(Set<String> names, ImageService images) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        ImageView image = images.inspect(names.iterator().next());
        return image.config().createdInstant().orElse(Instant.EPOCH);
    }

    boolean matches(ImageView image) {
        if (dangling != null && image.dangling() != dangling) {
            return false;
        }
        Instant created = image.config().createdInstant().orElse(Instant.EPOCH);
        if (before != null && !created.isBefore(before)) {
            return false;
        }
        if (since != null && !created.isAfter(since)) {
            return false;
        }
        if (until != null && !created.isBefore(until)) {
            return false;
        }
        if (!labels.isEmpty() && !hasLabels(image.config().config().labels())) {
            return false;
        }
        return references.isEmpty() || matchesReference(image);
    }

    private boolean hasLabels(Map<String, String> imageLabels) {
        Map<String, String> present = imageLabels == null ? Map.of() : imageLabels;
        for (String label : labels) {
            int eq = label.indexOf('=');
            boolean ok = eq < 0 ? present.containsKey(label)
                    : label.substring(eq + 1).equals(present.get(label.substring(0, eq)));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesReference(ImageView image) {
        return !tagsShown(image).isEmpty();
    }

    /**
     * The tags a listing shows for {@code image}: with a reference filter only the matching ones,
     * as dockerd does (the CLI prints a row per tag). The glob is tried on the familiar name and on
     * name:tag.
     */
    List<Reference> tagsShown(ImageView image) {
        if (references.isEmpty()) {
            return image.tags();
        }
        List<Reference> shown = new ArrayList<>();
        for (Reference tag : image.tags()) {
            for (PathMatcher matcher : references) {
                if (matcher.matches(Path.of(tag.familiarName())) || matcher.matches(Path.of(tag.familiarString()))) {
                    shown.add(tag);
                    break;
                }
            }
        }
        return shown;
    }
}
