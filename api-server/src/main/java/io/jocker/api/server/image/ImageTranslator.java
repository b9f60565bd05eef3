package io.jocker.api.server.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.version.ApiVersion;
import io.jocker.api.types.image.HistoryItem;
import io.jocker.api.types.image.ImageInspect;
import io.jocker.api.types.image.ImageSummary;
import io.jocker.engine.image.ImageService;
import io.jocker.engine.image.ImageView;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.jocker.api.server.json.WireTimes;

/** Images → Engine API wire shapes, with the version-dependent differences dockerd makes. Stateless. */
final class ImageTranslator {
    private static final ApiVersion NO_NONE_TAGS = ApiVersion.parse("1.43");
    private static final ApiVersion NO_VIRTUAL_SIZE = ApiVersion.parse("1.44");
    static final DateTimeFormatter RFC3339_NANO = WireTimes.RFC3339_NANO;

    private ImageTranslator() {}

    static ImageSummary summary(ImageView image, List<Reference> shownTags, ApiVersion version) {
        List<String> tags = shownTags.stream().map(Reference::familiarString).toList();
        List<String> digests = image.repoDigests().stream().map(ImageTranslator::familiar).toList();
        if (version.isBefore(NO_NONE_TAGS)) {
            tags = tags.isEmpty() ? List.of("<none>:<none>") : tags;
            digests = digests.isEmpty() ? List.of("<none>@<none>") : digests;
        }
        Map<String, String> labels = image.config().config().labels();
        return new ImageSummary(-1, created(image).getEpochSecond(), image.id().toString(),
                labels == null ? Map.of() : labels,
                image.parent() == null ? "" : image.parent().toString(),
                digests, tags, -1, image.size(), version.isBefore(NO_VIRTUAL_SIZE) ? image.size() : null);
    }

    static ImageInspect inspect(ImageView image, ApiVersion version, String graphDriver, Map<String, String> driverData) {
        JsonNode raw;
        try {
            // The config as stored, not re-serialised: fields this engine does not model survive.
            raw = WireJson.mapper().readTree(image.config().rawJson()).path("config");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Instant lastTag = image.lastTagTime();
        return new ImageInspect(
                image.id().toString(),
                image.tags().stream().map(Reference::familiarString).toList(),
                image.repoDigests().stream().map(ImageTranslator::familiar).toList(),
                image.parent() == null ? "" : image.parent().toString(),
                nullToEmpty(image.config().comment()),
                RFC3339_NANO.format(created(image)),
                nullToEmpty(image.config().dockerVersion()),
                nullToEmpty(image.config().author()),
                raw,
                image.config().architecture(),
                emptyToNull(image.config().variant()),
                image.config().os(),
                emptyToNull(image.config().osVersion()),
                image.size(),
                version.isBefore(NO_VIRTUAL_SIZE) ? image.size() : null,
                new ImageInspect.GraphDriver(graphDriver, driverData),
                new ImageInspect.RootFs("layers", image.config().diffIds().stream().map(Digest::toString).toList()),
                new ImageInspect.Metadata(lastTag == null ? "0001-01-01T00:00:00Z" : RFC3339_NANO.format(lastTag)));
    }

    /** Newest first; steps that end an image in the store carry its ID and tags, the rest {@code <missing>}. */
    static List<HistoryItem> history(List<ImageService.HistoryStep> steps, ImageView top) {
        List<HistoryItem> items = new ArrayList<>();
        for (ImageService.HistoryStep step : steps) {
            String id = step.image().map(v -> v.id().toString()).orElse("<missing>");
            List<String> tags = step.image().map(v -> v.tags().stream().map(Reference::familiarString).toList())
                    .filter(t -> !t.isEmpty()).orElse(null);
            items.add(new HistoryItem(id, step.step().createdInstant().map(Instant::getEpochSecond).orElse(0L),
                    nullToEmpty(step.step().createdBy()), tags, step.size(), nullToEmpty(step.step().comment())));
        }
        if (items.isEmpty()) {
            List<String> tags = top.tags().stream().map(Reference::familiarString).toList();
            items.add(new HistoryItem(top.id().toString(), created(top).getEpochSecond(), "",
                    tags.isEmpty() ? null : tags, top.size(), ""));
        }
        return items;
    }

    private static Instant created(ImageView image) {
        return image.config().createdInstant().orElse(Instant.EPOCH);
    }

    private static String familiar(String repoDigest) {
        try {
            return Reference.parse(repoDigest).familiarString();
        } catch (RuntimeException e) {
            return repoDigest;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
