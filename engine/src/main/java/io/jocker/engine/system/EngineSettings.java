package io.jocker.engine.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The daemon settings the engine reports and acts on, fixed at start-up. Immutable.
 *
 * @param dataRoot where images, containers and metadata live
 * @param execRoot runtime state that does not survive a reboot (sockets, runtime state)
 * @param debug whether the daemon logs at debug level
 * @param labels the daemon's labels ({@code --label}), "key=value"
 * @param runtimes OCI runtime name to binary path, in name order
 * @param defaultRuntime the runtime used when a container names none
 * @param storageDriver the snapshotter name shown as "Storage Driver"
 * @param cgroupDriver "cgroupfs" or "systemd"
 * @param cgroupParent the parent cgroup of every container
 * @param bridge the name of the default bridge interface
 */
public record EngineSettings(Path dataRoot, Path execRoot, boolean debug, List<String> labels,
        SortedMap<String, String> runtimes, String defaultRuntime, String storageDriver, String cgroupDriver,
        String cgroupParent, String bridge) {

    public EngineSettings {
        labels = List.copyOf(labels);
        runtimes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(runtimes));
    }

    public static SortedMap<String, String> runtimesOf(Map<String, String> runtimes) {
        return new TreeMap<>(runtimes);
    }
}
