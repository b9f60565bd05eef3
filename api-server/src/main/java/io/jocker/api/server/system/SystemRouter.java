package io.jocker.api.server.system;

import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.RouteGroup;
import io.jocker.api.types.system.VersionResponse;
import io.jocker.engine.system.SystemService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code /_ping}, {@code /version} and {@code /info}. Ping and version are answered on the I/O
 * thread: they are the engine's hottest and cheapest calls (clients ping before every session).
 */
public final class SystemRouter implements RouteGroup {
    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, String> PING_HEADERS = Map.of(
            "Cache-Control", "no-cache, no-store, must-revalidate",
            "Pragma", "no-cache",
            "Builder-Version", "1",
            "Swarm", "inactive");

    private final SystemService system;
    private final VersionResponse version;

    public SystemRouter(SystemService system) {
        this.system = system;
        this.version = SystemTranslator.version(system.version(), system.host());
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/_ping", this::ping).inlined(),
                Route.head("/_ping", this::ping).inlined(),
                Route.get("/version", (request, exchange) -> exchange.json(200, version)).inlined(),
                Route.get("/info", (request, exchange) -> exchange.json(200, SystemTranslator.info(system.info()))));
    }

    /**
     * The headers clients read from a ping: the v28 CLI hides swarm commands by {@code Swarm}, and
     * {@code Builder-Version: 1} says truthfully that only the classic builder is served.
     */
    private void ping(ApiRequest request, Exchange exchange) {
        exchange.bytes(200, "text/plain; charset=utf-8", request.method().equals("HEAD") ? new byte[0] : OK,
                PING_HEADERS);
    }
}
