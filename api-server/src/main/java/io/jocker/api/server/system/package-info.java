/** The system resource: ping, version, info. */
package io.jocker.api.server.system;
