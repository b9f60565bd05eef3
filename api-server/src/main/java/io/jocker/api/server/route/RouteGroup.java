package io.jocker.api.server.route;

import java.util.List;

/**
 * The routes of one API resource (system, containers, images...). Each group gets one or two narrow
 * service interfaces from the composition root, never the whole daemon.
 */
public interface RouteGroup {
    List<Route> routes();
}
