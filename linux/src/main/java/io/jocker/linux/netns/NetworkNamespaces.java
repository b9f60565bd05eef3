package io.jocker.linux.netns;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Named network namespaces: each one a file in a directory, with the namespace bind-mounted on it
 * so it lives on without any process inside (see the package doc for the layout).
 *
 * <p>Lifecycle: {@link #prepareDirectory} once (idempotent; the daemon calls it at start), then
 * {@link #create} and {@link #delete} per namespace, and {@link #releaseDirectory} when the owner
 * of the directory goes away for good. Deleting only drops the name: a namespace that still has a
 * process inside, or an open file descriptor, lives on until those go too.
 *
 * <pre>{@code
 * NetworkNamespaces netns = NetworkNamespaces.nativeNamespaces();
 * netns.prepareDirectory(execRoot.resolve("netns"));
 * Path ns = execRoot.resolve("netns").resolve(containerId);
 * netns.create(ns);           // a fresh namespace with only a "lo" that is down
 * ...
 * netns.delete(ns);           // again: a no-op
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface NetworkNamespaces {

    /** The kernel, through the FFM API. */
    static NetworkNamespaces nativeNamespaces() {
        return NativeNetworkNamespaces.INSTANCE;
    }

    /**
     * Creates {@code dir} if needed and makes it a bind mount of itself with shared propagation
     * (what iproute2 does to /run/netns). Idempotent.
     */
    void prepareDirectory(Path dir) throws IOException;

    /**
     * Creates a new, empty network namespace and names it {@code file}.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists; nothing is changed
     */
    void create(Path file) throws IOException;

    /** Whether {@code file} names a network namespace (a file with a namespace mounted on it). */
    boolean exists(Path file) throws IOException;

    /**
     * Unmounts the namespace from {@code file} and removes the file. Idempotent: a missing file, or
     * a file with nothing mounted on it (left by a crash or a reboot), is not an error.
     */
    void delete(Path file) throws IOException;

    /** The names in {@code dir} (namespaces and stale files alike), sorted; empty when there is no dir. */
    List<String> list(Path dir) throws IOException;

    /**
     * Undoes {@link #prepareDirectory}: unmounts the directory's self bind mount (lazily) if there
     * is one. Namespaces still named in it are not deleted; delete them first.
     */
    void releaseDirectory(Path dir) throws IOException;
}
