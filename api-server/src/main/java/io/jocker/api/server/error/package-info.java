/** The single mapping from failures to HTTP statuses and error bodies. */
package io.jocker.api.server.error;
