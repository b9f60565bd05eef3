package io.jocker.linux.host;

import java.util.Objects;

/**
 * What the engine reports about the machine it runs on ({@code GET /info}, {@code GET /version}),
 * read once at start-up by {@link HostProbe}.
 *
 * @param kernelVersion {@code uname -r}
 * @param operatingSystem PRETTY_NAME of os-release, e.g. "Debian GNU/Linux 12 (bookworm)"
 * @param osVersion VERSION_ID of os-release, e.g. "12"
 * @param architecture {@code uname -m}, e.g. "x86_64"
 * @param goArch the same in Go's (and OCI's) vocabulary, e.g. "amd64"
 * @param cpus CPUs this process may run on
 * @param memTotalBytes MemTotal of /proc/meminfo
 * @param hostname the host's name
 * @param bootId /proc/sys/kernel/random/boot_id: changes at every boot
 * @param cgroup the cgroup layout: version and whether the v1 hierarchy is "hybrid"
 * @param overlaySupported whether the kernel knows the overlay filesystem
 * @param cgroupFeatures which resource limits the cgroup controllers can enforce
 * @param seccompSupported whether the kernel can filter system calls
 * @param ipv4Forwarding whether the kernel forwards IPv4 between interfaces
 * @param bridgeNfIptables whether bridged IPv4 traffic passes iptables (br_netfilter)
 * @param bridgeNfIp6tables the same for IPv6
 */
public record HostFacts(String kernelVersion, String operatingSystem, String osVersion, String architecture,
        String goArch, int cpus, long memTotalBytes, String hostname, String bootId, CgroupLayout cgroup,
        CgroupFeatures cgroupFeatures, boolean overlaySupported, boolean seccompSupported, boolean ipv4Forwarding,
        boolean bridgeNfIptables, boolean bridgeNfIp6tables) {

    public HostFacts {
        Objects.requireNonNull(kernelVersion);
        Objects.requireNonNull(operatingSystem);
        Objects.requireNonNull(osVersion);
        Objects.requireNonNull(architecture);
        Objects.requireNonNull(goArch);
        Objects.requireNonNull(hostname);
        Objects.requireNonNull(bootId);
        Objects.requireNonNull(cgroup);
        Objects.requireNonNull(cgroupFeatures);
    }

    /**
     * How cgroups are mounted. On v1 "hybrid" hosts (v1 controllers plus a cgroup2 mount at
     * /sys/fs/cgroup/unified holding some controllers) crun 1.8 refuses to run; runc works.
     *
     * @param version 1 or 2
     * @param hybrid v1 with a non-empty unified hierarchy beside it
     */
    public record CgroupLayout(int version, boolean hybrid) {}

    /** Which limits the mounted controllers support ({@code docker info} warns about missing ones). */
    public record CgroupFeatures(boolean memory, boolean swap, boolean cpuCfsQuota, boolean cpuShares,
            boolean cpuset, boolean pids, boolean oomKillDisable) {}
}
