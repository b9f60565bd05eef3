package io.jocker.api.server.image;

import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.ResponseStream;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.RouteGroup;
import io.jocker.api.types.image.DeleteItem;
import io.jocker.api.types.image.ImageSummary;
import io.jocker.api.types.image.StreamMessage;
import io.jocker.common.error.EngineException;
import io.jocker.engine.image.ImageService;
import io.jocker.engine.image.ImageView;
import io.jocker.engine.image.LoadedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The image endpoints: list, inspect, history, tag, remove, load, save. Image names in paths hold
 * slashes, colons and at-signs, so their routes match greedily up to the known suffix.
 */
public final class ImageRouter implements RouteGroup {
    private final ImageService images;
    private final String graphDriver;

    public ImageRouter(ImageService images, String graphDriver) {
        this.images = images;
        this.graphDriver = graphDriver;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/images/json", this::list),
                Route.get("/images/get", this::saveMany),
                Route.get("/images/{name:.*}/get", (r, e) -> save(List.of(r.pathParam("name")), e)),
                Route.get("/images/{name:.*}/json", this::inspect),
                Route.get("/images/{name:.*}/history", this::history),
                Route.post("/images/{name:.*}/tag", this::tag),
                Route.delete("/images/{name:.*}", this::remove),
                Route.post("/images/load", this::load).streamingBody(),
                Route.post("/images/prune", this::prune),
                Route.post("/images/create", this::create).streamingBody());
    }

    /** The {@code Images} items of {@code /system/df}: list items with the (zero) container counts. */
    public static List<ImageSummary> summaries(List<ImageView> views, ApiRequest request) {
        return views.stream().map(v -> ImageTranslator.summary(v, v.tags(), request.version())).toList();
    }

    private void list(ApiRequest request, Exchange exchange) {
        ImageFilter filter = ImageFilter.of(io.jocker.api.server.filter.FiltersParam.parse(
                request.query("filters").orElse(null)), images);
        List<ImageSummary> result = new ArrayList<>();
        List<ImageView> all = new ArrayList<>(images.list());
        all.sort(Comparator.comparing((ImageView v) -> v.config().createdInstant().orElse(java.time.Instant.EPOCH))
                .reversed());
        for (ImageView image : all) {
            if (filter.matches(image)) {
                result.add(ImageTranslator.summary(image, filter.tagsShown(image), request.version()));
            }
        }
        exchange.json(200, result);
    }

    private void inspect(ApiRequest request, Exchange exchange) {
        ImageView image = images.inspect(request.pathParam("name"));
        exchange.json(200, ImageTranslator.inspect(image, request.version(), graphDriver, Map.of()));
    }

    private void history(ApiRequest request, Exchange exchange) {
        String name = request.pathParam("name");
        exchange.json(200, ImageTranslator.history(images.history(name), images.inspect(name)));
    }

    private void tag(ApiRequest request, Exchange exchange) {
        String repo = request.query("repo").orElse("");
        if (repo.isEmpty()) {
            throw EngineException.invalidArgument("repository name must have at least one component");
        }
        images.tag(request.pathParam("name"), repo, request.query("tag").orElse(""));
        exchange.empty(201);
    }

    private void remove(ApiRequest request, Exchange exchange) {
        List<DeleteItem> items = images.remove(request.pathParam("name"), request.queryBool("force"),
                request.queryBool("noprune")).stream()
                .map(r -> new DeleteItem(r.untagged(), r.deleted())).toList();
        exchange.json(200, items);
    }

    /**
     * {@code POST /images/create}: with {@code fromSrc=-} an import of the body (a root file
     * system tarball; the tag may sit inside {@code repo}); pulls ({@code fromImage}) and imports
     * from a URL come with the registry issue and are refused as not implemented until then.
     */
    private void create(ApiRequest request, Exchange exchange) {
        String fromSrc = request.query("fromSrc").orElse("");
        if (fromSrc.isEmpty()) {
            throw EngineException.notImplemented("pulling images from a registry is not implemented yet");
        }
        if (!fromSrc.equals("-")) {
            throw EngineException.notImplemented("importing from a URL is not implemented yet; pipe the tarball");
        }
        String repo = request.query("repo").orElse("");
        String tag = request.query("tag").orElse("");
        String repository = repo.isEmpty() || tag.isEmpty() ? repo : repo + ":" + tag;
        io.jocker.oci.digest.Digest id = images.importImage(request.bodyStream(), repository,
                request.query("message").orElse(""), request.queryAll("changes"));
        ResponseStream stream = exchange.stream(200, "application/json");
        writeMessage(stream, StreamMessage.status(id.toString()));
        stream.end();
    }

    /**
     * {@code docker image prune}: the CLI sends {@code dangling=true} unless {@code -a}; filters
     * {@code until}, {@code label} and {@code label!} narrow it.
     */
    private void prune(ApiRequest request, Exchange exchange) {
        Map<String, java.util.Set<String>> filters = io.jocker.api.server.filter.FiltersParam.parse(
                request.query("filters").orElse(null));
        for (String key : filters.keySet()) {
            if (!java.util.Set.of("dangling", "until", "label", "label!").contains(key)) {
                throw EngineException.invalidArgument("invalid filter '" + key + "'");
            }
        }
        boolean danglingOnly = filters.getOrDefault("dangling", java.util.Set.of("true")).stream()
                .noneMatch(v -> v.equalsIgnoreCase("false") || v.equals("0"));
        java.time.Instant until = filters.getOrDefault("until", java.util.Set.of()).stream().findFirst()
                .map(ImageRouter::untilInstant).orElse(null);
        ImageService.PruneResult result = images.prune(!danglingOnly, filters.getOrDefault("label", java.util.Set.of()),
                filters.getOrDefault("label!", java.util.Set.of()), until);
        List<DeleteItem> deleted = result.deleted().stream().map(r -> new DeleteItem(r.untagged(), r.deleted())).toList();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("ImagesDeleted", deleted.isEmpty() ? null : deleted);
        body.put("SpaceReclaimed", result.spaceReclaimed());
        exchange.json(200, body);
    }

    /** A timestamp (seconds[.nanos]) or an RFC 3339 date, as the prune filter accepts them. */
    static java.time.Instant untilInstant(String value) {
        try {
            if (value.matches("\\d+(\\.\\d+)?")) {
                String[] parts = value.split("\\.");
                long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
                return java.time.Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
            }
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (RuntimeException e) {
            throw EngineException.invalidArgument("invalid filter 'until=" + value + "'");
        }
    }

    /**
     * The archive streams in as the request body; errors found after the 200 went out travel in
     * the stream as {@code errorDetail}, which the CLI prints and exits 1 on.
     */
    private void load(ApiRequest request, Exchange exchange) {
        List<LoadedImage> loaded;
        try {
            loaded = images.load(request.bodyStream());
        } catch (EngineException e) {
            ResponseStream stream = exchange.stream(200, "application/json");
            writeMessage(stream, StreamMessage.error(e.getMessage()));
            stream.end();
            return;
        }
        ResponseStream stream = exchange.stream(200, "application/json");
        for (LoadedImage image : loaded) {
            if (image.tags().isEmpty()) {
                writeMessage(stream, StreamMessage.stream("Loaded image ID: " + image.id() + "\n"));
            }
            for (String tag : image.tags()) {
                writeMessage(stream, StreamMessage.stream("Loaded image: " + tag + "\n"));
            }
        }
        stream.end();
    }

    private static void writeMessage(ResponseStream stream, StreamMessage message) {
        byte[] json = WireJson.write(message);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 2);
        line[json.length] = '\r';
        line[json.length + 1] = '\n';
        stream.write(line);
    }

    private void saveMany(ApiRequest request, Exchange exchange) throws IOException {
        save(request.queryAll("names"), exchange);
    }

    private void save(List<String> names, Exchange exchange) throws IOException {
        ImageService.Saving saving = images.save(names);
        ResponseStream stream = exchange.stream(200, "application/x-tar");
        try (OutputStream out = new StreamOutput(stream)) {
            saving.writeTo(out);
        }
        stream.end();
    }

    /** Buffers writes into chunks of a useful size, waiting whenever the client falls behind. */
    private static final class StreamOutput extends OutputStream {
        private final ResponseStream stream;
        private final byte[] buffer = new byte[64 << 10];
        private int used;

        StreamOutput(ResponseStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!stream.isOpen()) {
                throw new IOException("the client went away");
            }
            while (length > 0) {
                int n = Math.min(length, buffer.length - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
                if (used == buffer.length) {
                    flush();
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (used > 0) {
                stream.writeAndWait(java.util.Arrays.copyOf(buffer, used));
                used = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
