/**
 * The network-namespace half of the privileged seam: named network namespaces kept alive by a
 * bind mount of their nsfs file, as {@code ip netns add} makes them but without a process.
 * {@link io.jocker.linux.netns.NetworkNamespaces} is the interface; {@code
 * NetworkNamespaces.nativeNamespaces()} reaches the kernel through the FFM API (1.3 ms a namespace,
 * reference/host-recipes.md §5 "The raw way") and {@link
 * io.jocker.linux.netns.RecordingNetworkNamespaces} is the in-memory fake.
 *
 * <h2>On-disk layout</h2>
 *
 * <pre>
 * DIR/          the caller's directory (the daemon's EXEC_ROOT/netns), a bind mount of itself
 *               with shared propagation, so that unmounting a file here also unmounts the copies
 *               that mount namespaces cloned later (containers') hold, and the namespace can go
 *   NAME        an empty regular file with the namespace's nsfs file bind-mounted on it; hand it
 *               to the OCI runtime as {"type": "network", "path": "DIR/NAME"} or to
 *               nsenter --net=DIR/NAME
 * </pre>
 */
package io.jocker.linux.netns;
