package io.jocker.integration;

import io.jocker.daemon.Daemon;
import io.jocker.daemon.config.DaemonConfig;
import io.jocker.linux.host.HostFacts;
import io.jocker.linux.host.HostProbe;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A daemon in this JVM with everything it owns under one temporary directory. */
final class TestDaemon implements AutoCloseable {
    final Path dir;
    final Path socket;
    final DaemonConfig config;
    final Daemon daemon;

    TestDaemon(Path dir) {
        this(dir, HostProbe.probeThisHost().overlaySupported() ? "overlay2" : "vfs");
    }

    TestDaemon(Path dir, String storageDriver) {
        this.dir = dir;
        this.socket = dir.resolve("jocker.sock");
        HostFacts host = HostProbe.probeThisHost();
        this.config = new DaemonConfig(List.of("unix://" + socket), dir.resolve("data"), dir.resolve("exec"),
                dir.resolve("jocker.pid"), "info", "jtest0", "/jocker-test", storageDriver,
                "runc", new TreeMap<>(Map.of("runc", "runc")), List.of("test=1"), null);
        this.daemon = new Daemon(config, host, Clock.systemUTC());
        daemon.start();
    }

    String host() {
        return "unix://" + socket;
    }

    @Override
    public void close() {
        daemon.close();
    }
}
