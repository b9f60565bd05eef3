package io.jocker.api.server.system;

import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.RouteGroup;
import io.jocker.engine.image.ImageService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /system/df}: what images (and, as the services arrive, containers, volumes and the
 * build cache) take on disk. {@code type} narrows it to some of them.
 */
public final class DiskUsageRouter implements RouteGroup {
    private final ImageService images;
    private final ImageSummaries summaries;

    /** Turns an image listing into the wire items of {@code Images}; the image router's translator. */
    @FunctionalInterface
    public interface ImageSummaries {
        List<?> of(List<io.jocker.engine.image.ImageView> images, ApiRequest request);
    }

    public DiskUsageRouter(ImageService images, ImageSummaries summaries) {
        this.images = images;
        this.summaries = summaries;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/system/df", this::diskUsage),
                // jocker's own: dockerd has no such endpoint (its "system check" is not in the API)
                Route.post("/system/check", this::check));
    }

    private void check(ApiRequest request, Exchange exchange) {
        ImageService.CheckReport report = images.check(request.queryBool("repair"));
        exchange.json(200, Map.of("Problems", report.problems(), "Repairs", report.repairs()));
    }

    private void diskUsage(ApiRequest request, Exchange exchange) {
        List<String> types = request.queryAll("type");
        boolean all = types.isEmpty();
        Map<String, Object> body = new LinkedHashMap<>();
        if (all || types.contains("image")) {
            ImageService.DiskUsage usage = images.diskUsage();
            body.put("LayersSize", usage.layersSize());
            body.put("Images", summaries.of(usage.images(), request));
        }
        if (all || types.contains("container")) {
            body.put("Containers", List.of()); // no container service yet: there are none
        }
        if (all || types.contains("volume")) {
            body.put("Volumes", List.of());
        }
        if (all || types.contains("build-cache")) {
            body.put("BuildCache", List.of());
        }
        exchange.json(200, body);
    }
}
