/**
 * Drivers for OCI runtimes (runc). The container is created by conmon (see
 * {@code io.jocker.runtime.shim}); the daemon then drives it here with start, kill, delete and state.
 * Every call passes our own {@code --root}, never the runtime's shared default.
 */
package io.jocker.runtime.oci;
