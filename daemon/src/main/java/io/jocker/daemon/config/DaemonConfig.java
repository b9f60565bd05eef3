package io.jocker.daemon.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The daemon's configuration after flags and the config file have been merged. Immutable; passed
 * down from the entry point.
 *
 * <p>Everything one instance owns on the host is named from here (socket, data root, exec root,
 * pid file, bridge, cgroup parent, firewall chains), so a test daemon never fights the quick-start
 * daemon for a resource.
 *
 * @param hosts the API addresses, as {@code -H} values
 * @param dataRoot images, containers and metadata
 * @param execRoot runtime state (sockets, runtime state dirs)
 * @param pidFile where the daemon's PID is written
 * @param logLevel debug, info, warn, error or fatal
 * @param bridge the default bridge's interface name
 * @param cgroupParent the parent cgroup of every container
 * @param storageDriver the snapshotter: overlay2 or vfs
 * @param defaultRuntime the OCI runtime used when a container names none
 * @param runtimes OCI runtime name → binary path
 * @param labels the daemon's labels
 * @param configFile the file the settings were read from, if any (re-read on SIGHUP)
 */
public record DaemonConfig(List<String> hosts, Path dataRoot, Path execRoot, Path pidFile, String logLevel,
        String bridge, String cgroupParent, String storageDriver, String defaultRuntime,
        SortedMap<String, String> runtimes, List<String> labels, Path configFile) {

    public static final String DEFAULT_HOST = "unix:///run/jocker.sock";
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/jocker");
    public static final Path DEFAULT_EXEC_ROOT = Path.of("/run/jocker");
    public static final Path DEFAULT_PID_FILE = Path.of("/run/jocker.pid");
    public static final String DEFAULT_BRIDGE = "jocker0";
    public static final String DEFAULT_CGROUP_PARENT = "/jocker";

    public DaemonConfig {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(dataRoot);
        Objects.requireNonNull(execRoot);
        Objects.requireNonNull(pidFile);
        Objects.requireNonNull(logLevel);
        Objects.requireNonNull(bridge);
        Objects.requireNonNull(cgroupParent);
        runtimes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(runtimes));
        labels = List.copyOf(labels);
    }

    public boolean debug() {
        return logLevel.equals("debug");
    }

    /**
     * The prefix of the iptables chains this instance owns: "JOCKER" for the default bridge,
     * "JOCKER-&lt;BRIDGE&gt;" for another, so two daemons on one host keep separate rules. iptables
     * allows 28 characters per chain name; the longest suffix we add is "-POSTROUTING" (12).
     */
    public String firewallChainPrefix() {
        if (bridge.equals(DEFAULT_BRIDGE)) {
            return "JOCKER";
        }
        String name = "JOCKER-" + bridge.toUpperCase(java.util.Locale.ROOT);
        return name.length() > 16 ? name.substring(0, 16) : name;
    }

    /** Runtime names and paths as the daemon found or was given them. */
    public Map<String, String> runtimePaths() {
        return runtimes;
    }
}
