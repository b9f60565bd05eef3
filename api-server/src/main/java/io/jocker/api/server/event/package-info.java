/** The events resource: {@code GET /events}. */
package io.jocker.api.server.event;
