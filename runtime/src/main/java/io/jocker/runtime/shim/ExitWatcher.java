package io.jocker.runtime.shim;

import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers each container's exit code once, from conmon's exit dir: an inotify watch (the JDK
 * WatchService reports a rename into the dir as ENTRY_CREATE) plus a scan at start and after an
 * overflow, so exits that happened while the daemon was down are reported too. conmon's temp names
 * ({@code <id>.XXXXXX}) are ignored.
 *
 * <pre>{@code
 * try (ExitWatcher w = ExitWatcher.start(exitDir, (id, code) -> containers.exited(id, code))) { … }
 * }</pre>
 *
 * <p>The listener runs on the watcher's one platform thread. Call {@link #forget} once a container is
 * removed or before it starts again, so a new exit file for the same id is delivered. Thread-safe.
 */
public final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExitWatcher.class.getName());

    /** Receives one exit. */
    @FunctionalInterface
    public interface Listener {
        void exited(String containerId, int exitCode);
    }

    private final Path dir;
    private final Listener listener;
    private final WatchService watch;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Thread thread;

    private ExitWatcher(Path dir, Listener listener) throws IOException {
        this.dir = dir;
        this.listener = listener;
        this.watch = dir.getFileSystem().newWatchService();
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
        this.thread = Thread.ofPlatform().daemon().name("exit-watcher").unstarted(this::loop);
    }

    /** Creates the dir if needed, registers the watch, then scans, so no exit falls in between. */
    public static ExitWatcher start(Path exitDir, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        try {
            Files.createDirectories(exitDir);
            ExitWatcher w = new ExitWatcher(exitDir, listener);
            w.thread.start();
            return w;
        } catch (IOException e) {
            throw EngineException.internal("watching exit dir " + exitDir, e);
        }
    }

    /** Allows the next exit file of this container to be delivered again. */
    public void forget(String containerId) {
        delivered.remove(containerId);
    }

    /**
     * Looks for this container's exit file now, on the caller's thread, and delivers it if it was not
     * yet: for a daemon re-attaching to a container after a restart, once it listens again.
     */
    public void recheck(String containerId) {
        consider(containerId);
    }

    private void loop() {
        scan();
        try {
            while (true) {
                WatchKey key = watch.take();
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                        scan();
                    } else if (ev.context() instanceof Path name) {
                        consider(name.toString());
                    }
                }
                if (!key.reset()) {
                    LOG.warning("exit dir " + dir + " is no longer watchable");
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: the normal way out
        }
    }

    private void scan() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                consider(p.getFileName().toString());
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "scanning exit dir " + dir, e);
        }
    }

    private void consider(String name) {
        if (!ExitFile.isFinalName(name) || delivered.contains(name)) {
            return;
        }
        int code;
        try {
            code = ExitFile.parse(Files.readString(dir.resolve(name)));
        } catch (NoSuchFileException e) {
            return; // removed after being reported: nothing to deliver
        } catch (IOException | EngineException e) {
            LOG.log(Level.WARNING, "unreadable exit file " + dir.resolve(name), e);
            return;
        }
        if (delivered.add(name)) {
            try {
                listener.exited(name, code);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "exit listener failed for " + name, e);
            }
        }
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            // closing an inotify fd cannot fail in a way we could act on
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
