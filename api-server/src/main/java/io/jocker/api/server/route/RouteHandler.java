package io.jocker.api.server.route;

/**
 * Serves one route. A handler answers exactly once through the {@link Exchange}: a complete
 * response, a stream, or a hijacked connection. It reports failures by throwing (usually
 * {@code EngineException}); the server's single error mapper turns them into statuses.
 */
@FunctionalInterface
public interface RouteHandler {
    void handle(ApiRequest request, Exchange exchange) throws Exception;
}
