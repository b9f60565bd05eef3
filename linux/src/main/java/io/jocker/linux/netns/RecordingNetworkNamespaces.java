package io.jocker.linux.netns;

import io.jocker.linux.fs.Errno;
import io.jocker.linux.fs.ErrnoException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fake {@link NetworkNamespaces} for unit tests: it records every call and keeps the named
 * namespaces and prepared directories in memory; nothing touches the file system. It refuses what
 * the kernel would refuse: creating an existing name (FileAlreadyExistsException) or a name in a
 * directory that was never prepared (ENOENT). {@link #failNextCreate} makes the next create fail.
 *
 * <p>Paths are compared after {@code toAbsolutePath().normalize()}. Thread-safe (every method
 * synchronizes on this).
 */
public final class RecordingNetworkNamespaces implements NetworkNamespaces {

    /** One call as it was made, e.g. {@code Call("create", /x/netns/abc)}. */
    public record Call(String operation, Path path) {}

    private final List<Call> calls = new ArrayList<>();
    private final Set<Path> prepared = new HashSet<>();
    private final Set<Path> namespaces = new TreeSet<>();
    private boolean failNextCreate;

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one operation ("create", "delete", ...), in order. */
    public synchronized List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The namespaces that exist now, sorted by path. */
    public synchronized List<Path> namespaces() {
        return List.copyOf(namespaces);
    }

    /** The directories prepared and not released. */
    public synchronized Set<Path> preparedDirectories() {
        return Set.copyOf(prepared);
    }

    /** Makes the next {@link #create} fail with EPERM, as unshare does without CAP_SYS_ADMIN. */
    public synchronized RecordingNetworkNamespaces failNextCreate() {
        failNextCreate = true;
        return this;
    }

    @Override
    public synchronized void prepareDirectory(Path dir) {
        Path d = norm(dir);
        calls.add(new Call("prepareDirectory", d));
        prepared.add(d);
    }

    @Override
    public synchronized void create(Path file) throws IOException {
        Path f = norm(file);
        calls.add(new Call("create", f));
        if (!prepared.contains(f.getParent())) {
            throw new ErrnoException("open", f, Errno.ENOENT);
        }
        if (namespaces.contains(f)) {
            throw new FileAlreadyExistsException(f.toString());
        }
        if (failNextCreate) {
            failNextCreate = false;
            throw new ErrnoException("unshare CLONE_NEWNET for", f, Errno.EPERM);
        }
        namespaces.add(f);
    }

    @Override
    public synchronized boolean exists(Path file) {
        return namespaces.contains(norm(file));
    }

    @Override
    public synchronized void delete(Path file) {
        Path f = norm(file);
        calls.add(new Call("delete", f));
        namespaces.remove(f);
    }

    @Override
    public synchronized List<String> list(Path dir) {
        Path d = norm(dir);
        return namespaces.stream().filter(p -> d.equals(p.getParent()))
                .map(p -> p.getFileName().toString()).sorted().toList();
    }

    @Override
    public synchronized void releaseDirectory(Path dir) {
        Path d = norm(dir);
        calls.add(new Call("releaseDirectory", d));
        prepared.remove(d);
    }

    private static Path norm(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
