/**
 * The routing contract: routes, the request a handler reads and the exchange it answers through
 * (complete responses, flushed streams, hijacked connections).
 */
package io.jocker.api.server.route;
