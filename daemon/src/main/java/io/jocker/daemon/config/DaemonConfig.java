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
 * @param bridge the default bridge's interface name, or {@value #NO_BRIDGE} for none (Docker's
 *     {@code --bridge none}: containers of the default network get loopback only)
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
    /** {@code --bridge none}: no default bridge. */
    public static final String NO_BRIDGE = "none";

    public boolean hasDefaultBridge() {
        return !bridge.equals(NO_BRIDGE);
    }
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
     * The prefix of the iptables chains this instance owns: "JOCKER" for the default bridge, and
     * "JOCKER-" plus eight hex digits of the bridge name's SHA-256 for any other, so two daemons on
     * one host never share rules, whatever their bridges are called. iptables allows 28 characters
     * per chain; the prefix takes at most 15, leaving 13 for suffixes such as "-POSTROUTING".
     */
    public String firewallChainPrefix() {
        if (bridge.equals(DEFAULT_BRIDGE)) {
            return "JOCKER";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bridge.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "JOCKER-" + java.util.HexFormat.of().formatHex(digest, 0, 4).toUpperCase(java.util.Locale.ROOT);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Runtime names and paths as the daemon found or was given them. */
    public Map<String, String> runtimePaths() {
        return runtimes;
    }
}
