package io.jocker.api.server.container;

import java.util.List;

/**
 * What dockerd fills into a container's inspected HostConfig when the request left it out, which
 * depends on the host and the daemon's settings; the wiring supplies it.
 *
 * @param cgroupVersion 1 or 2 (CgroupnsMode "host" on v1, "private" on v2)
 * @param runtime the daemon's default OCI runtime's name
 * @param maskedPaths the paths a non-privileged container gets masked
 * @param readonlyPaths the paths a non-privileged container gets read-only
 * @param containerFiles where each container's directory (log, hosts, hostname, resolv.conf) is
 * @param networkIds the IDs of the networks "bridge", "none" and "host" by name
 * @param storageDriver the daemon's storage driver ("overlay2", "vfs")
 */
public record HostDefaults(int cgroupVersion, String runtime, List<String> maskedPaths, List<String> readonlyPaths,
        java.nio.file.Path containerFiles, java.util.function.Function<String, String> networkIds,
        String storageDriver) {
    public HostDefaults {
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
    }
}
