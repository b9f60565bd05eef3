package io.jocker.api.server.route;

import io.jocker.common.error.EngineException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the route for a method and a path. Static paths are found by a map lookup, so the hot
 * paths ({@code /_ping}, {@code /version}) cost no regular expression. Immutable after
 * construction; thread-safe.
 */
public final class Router {
    private final Map<String, Map<String, Route>> staticRoutes = new HashMap<>();
    private final List<Dynamic> dynamicRoutes = new ArrayList<>();

    /** A matched route and its path parameters. */
    public record Match(Route route, Map<String, String> pathParams) {}

    private record Dynamic(Route route, Route.Compiled compiled) {}

    public Router(List<RouteGroup> groups) {
        for (RouteGroup group : groups) {
            for (Route route : group.routes()) {
                if (route.isStatic()) {
                    Route previous = staticRoutes.computeIfAbsent(route.template(), t -> new HashMap<>())
                            .put(route.method(), route);
                    if (previous != null) {
                        throw new IllegalArgumentException("duplicate route " + route.method() + " " + route.template());
                    }
                } else {
                    dynamicRoutes.add(new Dynamic(route, Route.Compiled.of(route.template())));
                }
            }
        }
    }

    /**
     * @throws EngineException NOT_FOUND "page not found" when no route has this method and path.
     *     dockerd answers a known path with an unknown method the same way (its router's
     *     method-not-allowed handler is its not-found handler), so clients never see a 405.
     */
    public Match find(String method, String path) {
        Map<String, Route> byMethod = staticRoutes.get(path);
        if (byMethod != null) {
            Route route = byMethod.get(method);
            if (route != null) {
                return new Match(route, Map.of());
            }
        }
        for (Dynamic dynamic : dynamicRoutes) {
            if (dynamic.route().method().equals(method)) {
                Map<String, String> params = dynamic.compiled().match(path);
                if (params != null) {
                    return new Match(dynamic.route(), params);
                }
            }
        }
        throw EngineException.notFound("page not found");
    }
}
