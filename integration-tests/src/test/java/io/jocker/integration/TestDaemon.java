package io.jocker.integration;

import io.jocker.daemon.Daemon;
import io.jocker.daemon.config.DaemonConfig;
import io.jocker.linux.host.HostFacts;
import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.host.HostProbe;
import io.jocker.linux.netns.NetworkNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A daemon in this JVM with everything it owns under one temporary directory, its default bridge
 * and firewall rules included: they live in a network namespace of the test's own ("host-netns"),
 * which plays the host, so tests never touch the machine's network. Containers still get their
 * own namespaces, wired to the bridge in that one.
 */
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
        this.daemon = new Daemon(config, host, Clock.systemUTC(),
                CommandRunner.local().inNetworkNamespace(hostNetwork(dir)));
        daemon.start();
    }

    String host() {
        return "unix://" + socket;
    }

    /** The namespace that plays the host's network, made once per directory (kept across restarts). */
    private static Path hostNetwork(Path dir) {
        Path file = dir.resolve("host-netns/ns");
        try {
            if (!NetworkNamespaces.nativeNamespaces().exists(file)) {
                NetworkNamespaces.nativeNamespaces().prepareDirectory(file.getParent());
                NetworkNamespaces.nativeNamespaces().create(file);
                CommandRunner.local().inNetworkNamespace(file).run(List.of("ip", "link", "set", "lo", "up"), null)
                        .orThrow();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** Stops the daemon; its containers and their network stay, for a new daemon on the same directory. */
    void closeKeepingNetwork() {
        daemon.close();
    }

    /** Stops the daemon and takes its "host" network away (bridge and firewall rules go with it). */
    @Override
    public void close() {
        daemon.close();
        Path file = dir.resolve("host-netns/ns");
        try {
            NetworkNamespaces.nativeNamespaces().delete(file);
            NetworkNamespaces.nativeNamespaces().releaseDirectory(file.getParent());
            // the daemon keeps its containers' namespace directory mounted; the test is done with it
            if (Files.isDirectory(dir.resolve("exec/netns"))) {
                NetworkNamespaces.nativeNamespaces().releaseDirectory(dir.resolve("exec/netns"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
