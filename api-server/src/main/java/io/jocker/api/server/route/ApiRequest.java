package io.jocker.api.server.route;

import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.version.ApiVersion;
import io.jocker.common.error.EngineException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One Engine API request as a router sees it: the version already checked and stripped from the
 * path, path parameters extracted, the body either collected ({@link BodyMode#COLLECT}) or readable
 * as a stream ({@link BodyMode#STREAM}). Not thread-safe: one request, one handler.
 */
public final class ApiRequest {
    private final String method;
    private final String path;
    private final ApiVersion version;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final Function<String, String> headers;
    private final byte[] body;
    private final InputStream bodyStream;

    public ApiRequest(String method, String path, ApiVersion version, Map<String, String> pathParams,
            Map<String, List<String>> query, Function<String, String> headers, byte[] body, InputStream bodyStream) {
        this.method = method;
        this.path = path;
        this.version = version;
        this.pathParams = pathParams;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.bodyStream = bodyStream;
    }

    public String method() {
        return method;
    }

    /** The path without the {@code /vX.Y} prefix. */
    public String path() {
        return path;
    }

    /** The version the client asked for, or the newest when the path had none. */
    public ApiVersion version() {
        return version;
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** The first value of a query parameter. */
    public Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /**
     * A query boolean as dockerd reads it: absent, "", "0", "no", "false" and "none" are false
     * (case-insensitive), anything else is true (the CLI sends "1", docker-java "true").
     */
    public boolean queryBool(String name) {
        return query(name).map(v -> !switch (v.toLowerCase(Locale.ROOT)) {
            case "", "0", "no", "false", "none" -> true;
            default -> false;
        }).orElse(false);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name));
    }

    /** The collected body; empty for {@link BodyMode#STREAM} routes. */
    public byte[] body() {
        return body;
    }

    /**
     * The body as JSON of {@code type}. Like dockerd, a body labelled with another Content-Type is
     * refused; an unlabelled one is accepted.
     */
    public <T> T bodyJson(Class<T> type) {
        header("Content-Type").ifPresent(contentType -> {
            String mediaType = contentType.split(";", 2)[0].trim();
            if (!mediaType.equalsIgnoreCase("application/json")) {
                throw EngineException.invalidArgument(
                        "Content-Type specified (" + contentType + ") must be 'application/json'");
            }
        });
        return WireJson.read(body, type);
    }

    /** The body as it arrives, for {@link BodyMode#STREAM} routes (uploads of any size). */
    public InputStream bodyStream() {
        if (bodyStream == null) {
            throw new IllegalStateException("route collects its body; declare BodyMode.STREAM to stream it");
        }
        return bodyStream;
    }
}
