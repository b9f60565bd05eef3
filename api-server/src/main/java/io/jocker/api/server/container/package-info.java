/** The container endpoints: create, start, wait, stop, kill, remove, list, inspect. */
package io.jocker.api.server.container;
