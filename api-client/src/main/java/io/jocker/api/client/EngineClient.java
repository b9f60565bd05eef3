package io.jocker.api.client;

import io.jocker.api.types.host.HostAddress;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.jocker.api.types.system.InfoResponse;
import io.jocker.api.types.system.VersionResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A client of the Engine API, for the CLI and for tests. It negotiates the API version the way the
 * docker CLI does — one {@code HEAD /_ping} before the first call, then
 * {@code min(ours, the engine's Api-Version)} — and reuses one keep-alive connection.
 *
 * <p>Failures: {@link EngineConnectionException} when the engine cannot be reached,
 * {@link EngineResponseException} when it answers with an error. Not thread-safe.
 */
public final class EngineClient implements AutoCloseable {
    /** The newest API version this client speaks. */
    public static final String API_VERSION = "1.44";
    /** What the docker CLI assumes from an engine that does not say its version. */
    private static final String FALLBACK_API_VERSION = "1.24";
    private static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");
    /** What Go's client says about a streamed body it was given no type for (import). */
    private static final Map<String, String> TEXT_BODY = Map.of("Content-Type", "text/plain");
    private static final Map<String, String> TAR_BODY = Map.of("Content-Type", "application/x-tar");
    /** POST without a body: Go's HTTP client still sends {@code Content-Length: 0}. */
    private static final byte[] EMPTY = new byte[0];

    /** Built on first use only: the CLI reads trees ({@link JsonTrees}) and never pays for it. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    private final HostAddress address;
    private HttpConnection connection;
    private String apiVersion;

    public EngineClient(HostAddress address) {
        this.address = address;
    }

    public HostAddress address() {
        return address;
    }

    /** The API version in use; negotiates it first if needed. */
    public String apiVersion() {
        if (apiVersion == null) {
            negotiate();
        }
        return apiVersion;
    }

    private void negotiate() {
        try (HttpResponse response = send("HEAD", "/_ping", null)) {
            String advertised = response.header("Api-Version").orElse(FALLBACK_API_VERSION);
            apiVersion = compare(advertised, API_VERSION) < 0 ? advertised : API_VERSION;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public VersionResponse version() {
        return get("/version", VersionResponse.class);
    }

    public InfoResponse info() {
        return get("/info", InfoResponse.class);
    }

    /** The raw JSON of a GET, for templates that must see every field the engine sent. */
    public JsonNode getTree(String path) {
        try (HttpResponse response = call("GET", path, null)) {
            return JsonTrees.read(response.readBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams {@code GET /events} to {@code sink} until the engine ends the stream ({@code until})
     * or the sink returns false. Events arrive as JSON trees, so fields a newer engine adds survive
     * to {@code --format '{{json .}}'}.
     *
     * @param since "" or unix seconds[.nanos]
     * @param until "" or unix seconds[.nanos]
     */
    public void events(String since, String until, Map<String, Set<String>> filters, Predicate<JsonNode> sink) {
        Map<String, String> query = new LinkedHashMap<>();
        if (!since.isEmpty()) {
            query.put("since", since);
        }
        if (!until.isEmpty()) {
            query.put("until", until);
        }
        if (!filters.isEmpty()) {
            query.put("filters", JsonTrees.filters(filters));
        }
        HttpResponse response = call("GET", "/events" + queryString(query), null);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank() && !sink.test(JsonTrees.read(line))) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new EngineConnectionException(address, e);
        } finally {
            // The stream may be endless: drop the connection rather than drain it.
            closeConnection();
        }
    }

    // ---- Containers (engine-api.md §2) ----

    /**
     * {@code POST /containers/create?name=}: {@code body} is the create document (Config at the
     * top level, {@code HostConfig}, {@code NetworkingConfig}). Returns
     * {@code {"Id":"…","Warnings":[…]}}.
     */
    public JsonNode createContainer(String name, byte[] body) {
        Query query = new Query().addIfSet("name", name);
        try (HttpResponse response = call("POST", "/containers/create" + query, JSON_BODY, body, null)) {
            return JsonTrees.read(response.readBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code POST /containers/{id}/start[?detachKeys=]}; 304 (already running) is success. */
    public void startContainer(String id, String detachKeys) {
        post("/containers/" + Query.pathEscape(id) + "/start" + new Query().addIfSet("detachKeys", detachKeys));
    }

    /**
     * {@code POST /containers/{id}/stop?t=&signal=}; 304 (not running) is success.
     *
     * @param timeout seconds, or null to leave it to the container's StopTimeout
     * @param signal "" for the container's StopSignal
     */
    public void stopContainer(String id, Integer timeout, String signal) {
        Query query = new Query().addIfSet("signal", signal).addIfSet("t", timeout == null ? "" : timeout.toString());
        post("/containers/" + Query.pathEscape(id) + "/stop" + query);
    }

    /** {@code POST /containers/{id}/restart?t=&signal=}; see {@link #stopContainer}. */
    public void restartContainer(String id, Integer timeout, String signal) {
        Query query = new Query().addIfSet("signal", signal).addIfSet("t", timeout == null ? "" : timeout.toString());
        post("/containers/" + Query.pathEscape(id) + "/restart" + query);
    }

    /** {@code POST /containers/{id}/kill[?signal=]}. */
    public void killContainer(String id, String signal) {
        post("/containers/" + Query.pathEscape(id) + "/kill" + new Query().addIfSet("signal", signal));
    }

    /** {@code POST /containers/{id}/resize?h=&w=}. */
    public void resizeContainer(String id, int height, int width) {
        Query query = new Query().add("h", Integer.toString(height)).add("w", Integer.toString(width));
        post("/containers/" + Query.pathEscape(id) + "/resize" + query);
    }

    /** {@code DELETE /containers/{id}?force=&link=&v=}. */
    public void removeContainer(String id, boolean force, boolean volumes, boolean link) {
        Query query = new Query().flag("force", force).flag("link", link).flag("v", volumes);
        try (HttpResponse response = call("DELETE", "/containers/" + Query.pathEscape(id) + query, null)) {
            response.readBody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code GET /containers/json?all=&limit=&size=&filters=}: the summaries as sent.
     *
     * @param limit the number of newest containers, or 0 for no limit
     */
    public JsonNode containers(boolean all, int limit, boolean size, Map<String, ? extends Collection<String>> filters) {
        Query query = new Query().flag("all", all).flag("size", size);
        if (limit > 0) {
            query.add("limit", Integer.toString(limit));
        }
        if (!filters.isEmpty()) {
            query.add("filters", JsonTrees.filters(filters));
        }
        return tree("GET", "/containers/json" + query, null);
    }

    /** {@code GET /containers/{id}/json} as a tree. */
    public JsonNode containerInspect(String id) {
        return tree("GET", "/containers/" + Query.pathEscape(id) + "/json", null);
    }

    /**
     * {@code GET /containers/{id}/logs?…}: the body as it arrives (multiplexed unless the container
     * has a TTY). The caller reads it to its end or closes the client, for a followed stream may
     * never end.
     *
     * @param options query parameters as the CLI sends them ({@code stdout=1}, {@code tail=all}, …)
     */
    public InputStream containerLogs(String id, Map<String, String> options) {
        Query query = new Query();
        options.forEach(query::add);
        return call("GET", "/containers/" + Query.pathEscape(id) + "/logs" + query, null).body();
    }

    /**
     * {@code POST /containers/{id}/wait?condition=} on a connection of its own; returns once the
     * engine has sent the response head, so the container can be started afterwards without
     * missing its exit.
     *
     * @param condition "" (the engine's default, not-running), "next-exit" or "removed"
     */
    public ContainerWait waitContainer(String id, String condition) {
        String path = "/containers/" + Query.pathEscape(id) + "/wait" + new Query().addIfSet("condition", condition);
        HttpConnection own = openOwn();
        try {
            HttpResponse response = exchangeOwn(own, "POST", path, Map.of(), EMPTY);
            return new ContainerWait(own, response);
        } catch (RuntimeException e) {
            closeQuietly(own);
            throw e;
        }
    }

    /**
     * {@code POST /containers/{id}/attach?stream=1&stdin=&stdout=&stderr=[&detachKeys=]} with
     * {@code Upgrade: tcp}, on a connection of its own, which the engine takes over with
     * {@code 101 UPGRADED}.
     *
     * @throws EngineResponseException if the engine answers with an error, or with anything but 101
     */
    public HijackedConnection attachContainer(String id, boolean stdin, boolean stdout, boolean stderr,
            String detachKeys) {
        Query query = new Query().add("stream", "1").flag("stdin", stdin).flag("stdout", stdout)
                .flag("stderr", stderr).addIfSet("detachKeys", detachKeys);
        HttpConnection own = openOwn();
        try {
            HttpResponse response = exchangeOwn(own, "POST", "/containers/" + Query.pathEscape(id) + "/attach" + query,
                    Map.of("Connection", "Upgrade", "Upgrade", "tcp", "Content-Type", "text/plain"), EMPTY);
            if (response.status() != 101) {
                // docker/client hijack.go: a 2xx that is not an upgrade is an error too
                throw new EngineResponseException(response.status(),
                        "unable to upgrade to tcp, received " + response.status());
            }
            return new HijackedConnection(own, response);
        } catch (RuntimeException e) {
            closeQuietly(own);
            throw e;
        }
    }

    private void post(String path) {
        try (HttpResponse response = call("POST", path, Map.of(), EMPTY, null)) {
            response.readBody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpConnection openOwn() {
        apiVersion(); // negotiated on the shared connection first
        try {
            return HttpConnection.open(address);
        } catch (IOException e) {
            throw new EngineConnectionException(address, e);
        }
    }

    private HttpResponse exchangeOwn(HttpConnection own, String method, String path, Map<String, String> headers,
            byte[] body) {
        try {
            HttpResponse response = own.exchange(method, "/v" + apiVersion() + path, headers, body);
            if (response.status() >= 400) {
                throw new EngineResponseException(response.status(), errorMessage(response));
            }
            return response;
        } catch (IOException e) {
            throw new EngineConnectionException(address, e);
        }
    }

    private static void closeQuietly(HttpConnection own) {
        try {
            own.close();
        } catch (IOException e) {
            // already failing; the first error is the one to report
        }
    }

    // ---- Images (engine-api.md §4) ----

    /**
     * {@code GET /images/json}: the image summaries as the engine sent them.
     *
     * @param filters e.g. {@code {"reference":["bb"],"dangling":["true"]}}, sent in the CLI's set form
     * @param digests sends {@code digests=1}; the docker CLI never does, engines include
     *     {@code RepoDigests} anyway
     */
    public JsonNode images(boolean all, Map<String, ? extends Collection<String>> filters, boolean digests) {
        Query query = new Query().flag("all", all).flag("digests", digests);
        if (!filters.isEmpty()) {
            query.add("filters", JsonTrees.filters(filters));
        }
        return tree("GET", "/images/json" + query, null);
    }

    /** {@code GET /images/{name}/json} as a tree. */
    public JsonNode imageInspect(String name) {
        return JsonTrees.read(imageInspectRaw(name));
    }

    /**
     * {@code GET /images/{name}/json} as the engine's bytes: {@code docker image inspect} prints
     * them re-indented, keeping the engine's key order, numbers and escapes.
     */
    public byte[] imageInspectRaw(String name) {
        return bytes("GET", "/images/" + Query.pathEscape(name) + "/json");
    }

    /**
     * The raw inspect document of any object type {@code docker inspect --type} names: container,
     * image, network, volume, plugin, service, task, node, secret, config. {@code size} asks for
     * container sizes ({@code ?size=1}); other types ignore it.
     *
     * @throws IllegalArgumentException for another type
     */
    public byte[] inspectRaw(String type, String name, boolean size) {
        String escaped = Query.pathEscape(name);
        String path = switch (type) {
            case "container" -> "/containers/" + escaped + "/json" + new Query().flag("size", size);
            case "image" -> "/images/" + escaped + "/json";
            case "network" -> "/networks/" + escaped;
            case "volume" -> "/volumes/" + escaped;
            case "plugin" -> "/plugins/" + escaped + "/json";
            case "service" -> "/services/" + escaped + new Query().add("insertDefaults", "true");
            case "task" -> "/tasks/" + escaped;
            case "node" -> "/nodes/" + escaped;
            case "secret" -> "/secrets/" + escaped;
            case "config" -> "/configs/" + escaped;
            default -> throw new IllegalArgumentException("unknown object type " + type);
        };
        return bytes("GET", path);
    }

    /** {@code GET /images/{name}/history}: newest layer first. */
    public JsonNode imageHistory(String name) {
        return tree("GET", "/images/" + Query.pathEscape(name) + "/history", null);
    }

    /**
     * {@code POST /images/{source}/tag?repo=&tag=}. The CLI normalises first: {@code repo} is the
     * full name ({@code docker.io/library/x}); {@code tag} may be null to let the engine pick.
     */
    public void tag(String source, String repo, String tag) {
        Query query = new Query().add("repo", repo).addIfSet("tag", tag);
        HttpResponse response = call("POST", "/images/" + Query.pathEscape(source) + "/tag" + query, Map.of(),
                EMPTY, null);
        try {
            response.close(); // 201 with an empty body; nothing to read
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code DELETE /images/{name}?force=&noprune=}: what was untagged and deleted, as
     * {@code [{"Untagged":"x:1"},{"Deleted":"sha256:…"}]}.
     */
    public JsonNode removeImage(String name, boolean force, boolean noprune) {
        Query query = new Query().flag("force", force).flag("noprune", noprune);
        return tree("DELETE", "/images/" + Query.pathEscape(name) + query, null);
    }

    /**
     * {@code POST /images/load?quiet=}: sends {@code tar} chunked as {@code application/x-tar} and
     * hands each message of the engine's JSON stream to {@code progress}
     * ({@code {"stream":"Loaded image: busybox:1\n"}}). An engine answering with something else
     * than JSON has its text handed over as one {@code stream} message, as the CLI copies it.
     *
     * @throws EngineResponseException {@linkplain EngineResponseException#isStreamed() streamed}
     *     for an {@code errorDetail} in the stream
     */
    public void load(InputStream tar, boolean quiet, Consumer<JsonNode> progress) {
        Query query = new Query().add("quiet", quiet ? "1" : "0");
        readMessages(call("POST", "/images/load" + query, TAR_BODY, null, tar), progress, true);
    }

    /**
     * {@code GET /images/get?names=a&names=b}: streams the engine's tar to {@code out} as it
     * arrives, without holding it in memory.
     */
    public void save(List<String> names, OutputStream out) {
        Query query = new Query();
        names.forEach(name -> query.add("names", name));
        try (HttpResponse response = call("GET", "/images/get" + query, Map.of(), null, null)) {
            response.transferBody(out);
        } catch (IOException e) {
            closeConnection();
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code POST /images/create?fromSrc=-}: imports a root file system tar streamed from
     * {@code tar}, labelled {@code text/plain} as the docker CLI labels it. The engine answers
     * with a JSON stream ending in {@code {"status":"sha256:…"}}.
     *
     * @param repoWithTag the repository with the tag inside ({@code x:1}), or empty for none
     * @param changes Dockerfile instructions ({@code ENV A=1}), one {@code changes} parameter each
     */
    public void importImage(InputStream tar, String repoWithTag, String message, List<String> changes,
            Consumer<JsonNode> progress) {
        Query query = importQuery("-", repoWithTag, message, changes);
        readMessages(call("POST", "/images/create" + query, TEXT_BODY, null, tar), progress, false);
    }

    /** {@code POST /images/create?fromSrc=<url>}: the engine fetches the tar itself. */
    public void importImage(String url, String repoWithTag, String message, List<String> changes,
            Consumer<JsonNode> progress) {
        Query query = importQuery(url, repoWithTag, message, changes);
        readMessages(call("POST", "/images/create" + query, Map.of(), EMPTY, null), progress, false);
    }

    private static Query importQuery(String fromSrc, String repoWithTag, String message, List<String> changes) {
        Query query = new Query().add("fromSrc", fromSrc).addIfSet("repo", repoWithTag).addIfSet("message", message);
        changes.forEach(change -> query.add("changes", change));
        return query;
    }

    /**
     * {@code POST /images/prune?filters=}: {@code {"ImagesDeleted":[…]|null,"SpaceReclaimed":n}}.
     * The CLI adds {@code dangling} itself.
     */
    public JsonNode pruneImages(Map<String, ? extends Collection<String>> filters) {
        Query query = new Query();
        if (!filters.isEmpty()) {
            query.add("filters", JsonTrees.filters(filters));
        }
        try (HttpResponse response = call("POST", "/images/prune" + query, Map.of(), EMPTY, null)) {
            return JsonTrees.read(response.readBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * jocker's {@code POST /system/check[?repair=1]}: verifies stored images and blobs.
     * Returns {@code {"Problems":[…],"Repairs":[…]}}.
     */
    public JsonNode systemCheck(boolean repair) {
        try (HttpResponse response = call("POST", "/system/check" + (repair ? "?repair=1" : ""), Map.of(), EMPTY, null)) {
            return JsonTrees.read(response.readBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /system/df}, raw. */
    public JsonNode systemDf() {
        return getTree("/system/df");
    }

    private JsonNode tree(String method, String path, byte[] body) {
        return JsonTrees.read(bytes(method, path, body));
    }

    private byte[] bytes(String method, String path) {
        return bytes(method, path, null);
    }

    private byte[] bytes(String method, String path, byte[] body) {
        try (HttpResponse response = call(method, path, body)) {
            return response.readBody();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a progress stream to its end, message by message. An {@code errorDetail} (or a bare
     * {@code error}) ends it with a streamed {@link EngineResponseException}; the rest of the
     * stream is drained so the connection stays usable.
     */
    private void readMessages(HttpResponse response, Consumer<JsonNode> sink, boolean rawIfNotJson) {
        try (response) {
            String type = response.header("Content-Type").orElse("");
            if (rawIfNotJson && !type.startsWith("application/json")) {
                // docker/cli image/load.go copies a non-JSON answer to stdout as it is
                String text = new String(response.readBody(), StandardCharsets.UTF_8);
                if (!text.isEmpty()) {
                    sink.accept(JsonTrees.object().put("stream", text));
                }
                return;
            }
            JsonTrees.readEach(response.body(), message -> {
                JsonNode detail = message.get("errorDetail");
                JsonNode error = message.get("error");
                if (detail != null && detail.isObject()) {
                    throw EngineResponseException.streamed(detail.path("message").asText(""),
                            detail.path("code").asInt(0));
                }
                if (error != null && error.isTextual()) {
                    throw EngineResponseException.streamed(error.asText(), 0);
                }
                sink.accept(message);
            });
        } catch (IOException e) {
            closeConnection();
            throw new EngineConnectionException(address, e);
        }
    }

    private <T> T get(String path, Class<T> type) {
        try (HttpResponse response = call("GET", path, null)) {
            return Mapper.INSTANCE.readValue(response.readBody(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A versioned call; error statuses become {@link EngineResponseException}. */
    private HttpResponse call(String method, String path, byte[] body) {
        return call(method, path, body == null ? Map.of() : JSON_BODY, body, null);
    }

    /**
     * A versioned call with either a body in memory or one streamed (chunked) from
     * {@code stream}; error statuses become {@link EngineResponseException}.
     */
    private HttpResponse call(String method, String path, Map<String, String> headers, byte[] body,
            InputStream stream) {
        String versioned = "/v" + apiVersion() + path;
        try {
            HttpResponse response = send(method, versioned, headers, body, stream);
            if (response.status() >= 400) {
                throw new EngineResponseException(response.status(), errorMessage(response));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse send(String method, String target, byte[] body) throws IOException {
        return send(method, target, body == null ? Map.of() : JSON_BODY, body, null);
    }

    private HttpResponse send(String method, String target, Map<String, String> headers, byte[] body,
            InputStream stream) throws IOException {
        if (connection == null || !connection.isReusable()) {
            closeConnection();
            try {
                connection = HttpConnection.open(address);
            } catch (IOException e) {
                throw new EngineConnectionException(address, e);
            }
        }
        try {
            return stream == null
                    ? connection.exchange(method, target, headers, body)
                    : connection.exchange(method, target, headers, stream);
        } catch (IOException e) {
            closeConnection();
            throw new EngineConnectionException(address, e);
        } catch (UncheckedIOException e) {
            closeConnection(); // our side of a streamed body failed half-way
            throw e;
        }
    }

    private static String errorMessage(HttpResponse response) throws IOException {
        byte[] body = response.readBody();
        String contentType = response.header("Content-Type").orElse("");
        if (contentType.startsWith("application/json")) {
            try {
                JsonNode message = JsonTrees.read(body).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText();
                }
            } catch (UncheckedIOException e) {
                // not the JSON it claims to be: show it as it is, like the docker CLI
            }
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "HTTP " + response.status() : text;
    }

    static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return joined.toString();
    }

    /** Compares API versions part by part, numerically. */
    static int compare(String a, String b) {
        List<String> pa = List.of(a.split("\\."));
        List<String> pb = List.of(b.split("\\."));
        for (int i = 0; i < Math.max(pa.size(), pb.size()); i++) {
            int x = i < pa.size() ? parseOrZero(pa.get(i)) : 0;
            int y = i < pb.size() ? parseOrZero(pb.get(i)) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int parseOrZero(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing a socket we no longer need; nothing to recover
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
