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
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
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

    private <T> T get(String path, Class<T> type) {
        try (HttpResponse response = call("GET", path, null)) {
            return Mapper.INSTANCE.readValue(response.readBody(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A versioned call; error statuses become {@link EngineResponseException}. */
    private HttpResponse call(String method, String path, byte[] body) {
        String versioned = "/v" + apiVersion() + path;
        try {
            HttpResponse response = send(method, versioned, body);
            if (response.status() >= 400) {
                throw new EngineResponseException(response.status(), errorMessage(response));
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse send(String method, String target, byte[] body) throws IOException {
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        if (connection == null || !connection.isReusable()) {
            closeConnection();
            try {
                connection = HttpConnection.open(address);
            } catch (IOException e) {
                throw new EngineConnectionException(address, e);
            }
        }
        try {
            return connection.exchange(method, target, headers, body);
        } catch (IOException e) {
            closeConnection();
            throw new EngineConnectionException(address, e);
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
