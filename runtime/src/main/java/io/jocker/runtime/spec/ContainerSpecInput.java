package io.jocker.runtime.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@link SpecGenerator} needs: the image's defaults, Docker's create options and the
 * facts the daemon learned about its host. Immutable.
 *
 * @param containerId the full 64-hex container ID; its first 12 characters are the default hostname
 */
public record ContainerSpecInput(
        String containerId, ImageDefaults image, CreateOptions options, HostFacts host, ResolvedUser user) {

    public ContainerSpecInput {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
    }

    /** The image config's Env, Cmd, Entrypoint and WorkingDir. */
    public record ImageDefaults(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir) {
        public ImageDefaults {
            env = env == null ? List.of() : List.copyOf(env);
            cmd = cmd == null ? List.of() : List.copyOf(cmd);
            entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
            workingDir = workingDir == null ? "" : workingDir;
        }
    }

    /** The user, resolved from the image's /etc/passwd and /etc/group before generation. */
    public record ResolvedUser(long uid, long gid, List<Long> additionalGids, String home) {
        public ResolvedUser {
            additionalGids = additionalGids == null ? List.of() : List.copyOf(additionalGids);
            home = home == null || home.isEmpty() ? "/" : home;
        }

        public static ResolvedUser root() {
            return new ResolvedUser(0, 0, List.of(), "/root");
        }
    }

    /** One {@code --ulimit name=soft:hard}; name as Docker spells it ({@code nofile}). */
    public record Ulimit(String name, long soft, long hard) {}

    /**
     * Host facts.
     *
     * @param boundingCapabilities the daemon's own CapBnd
     * @param hardLimits hard rlimits of the daemon by Docker ulimit name ({@code nofile → 20000})
     * @param cgroupVersion 1 or 2
     * @param cgroupParent {@code --cgroup-parent} or the daemon default, e.g. {@code /jocker}
     * @param network a network namespace path, {@code host} or {@code none}
     * @param rootfs the container's root directory on the host
     * @param initPath the static init binary bind-mounted for {@code --init}; may be null otherwise
     * @param hostHostname the host's hostname, used with {@code --network host}
     * @param cpuCount online CPUs, bounding {@code --cpus}
     * @param networkFiles the container's /etc/hosts, /etc/hostname and /etc/resolv.conf, written
     *     by the daemon: path inside the container → file on the host, bind-mounted over the image's
     */
    public record HostFacts(
            Set<Capability> boundingCapabilities,
            Map<String, Long> hardLimits,
            int cgroupVersion,
            String cgroupParent,
            String network,
            String rootfs,
            String initPath,
            String hostHostname,
            int cpuCount,
            Map<String, String> networkFiles) {
        /** Facts without network files (a container that keeps the image's). */
        public HostFacts(Set<Capability> boundingCapabilities, Map<String, Long> hardLimits, int cgroupVersion,
                String cgroupParent, String network, String rootfs, String initPath, String hostHostname,
                int cpuCount) {
            this(boundingCapabilities, hardLimits, cgroupVersion, cgroupParent, network, rootfs, initPath,
                    hostHostname, cpuCount, Map.of());
        }

        public HostFacts {
            boundingCapabilities = Set.copyOf(boundingCapabilities);
            networkFiles = networkFiles == null ? Map.of() : Map.copyOf(networkFiles);
            hardLimits = hardLimits == null ? Map.of() : Map.copyOf(hardLimits);
            Objects.requireNonNull(network, "network");
            Objects.requireNonNull(rootfs, "rootfs");
            if (cgroupVersion != 1 && cgroupVersion != 2) {
                throw new IllegalArgumentException("cgroupVersion must be 1 or 2: " + cgroupVersion);
            }
        }
    }

    /**
     * Docker's create options (HostConfig and Config fields) already parsed at the edge. {@code cmd}
     * and {@code entrypoint} are null when not given; an empty entrypoint ({@code [""]}) given
     * explicitly clears the image's. Sizes are bytes, CPU values as in the Engine API.
     */
    public record CreateOptions(
            List<String> cmd,
            List<String> entrypoint,
            List<String> env,
            String workingDir,
            String hostname,
            boolean tty,
            boolean readonlyRootfs,
            boolean privileged,
            List<String> capAdd,
            List<String> capDrop,
            List<String> securityOpt,
            Map<String, String> tmpfs,
            Map<String, String> sysctls,
            List<Ulimit> ulimits,
            boolean init,
            long shmSize,
            long memory,
            long memorySwap,
            long memoryReservation,
            long cpuShares,
            long nanoCpus,
            long cpuQuota,
            long cpuPeriod,
            String cpusetCpus,
            long pidsLimit,
            int blkioWeight,
            boolean oomKillDisable,
            int oomScoreAdj) {

        /** Docker's default {@code --shm-size}: 64 MiB. */
        public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

        public CreateOptions {
            cmd = cmd == null ? null : List.copyOf(cmd);
            entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
            env = env == null ? List.of() : List.copyOf(env);
            workingDir = workingDir == null ? "" : workingDir;
            hostname = hostname == null ? "" : hostname;
            capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
            capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
            securityOpt = securityOpt == null ? List.of() : List.copyOf(securityOpt);
            tmpfs = tmpfs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
            sysctls = sysctls == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
            ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
            cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Not thread-safe. */
        public static final class Builder {
            private List<String> cmd;
            private List<String> entrypoint;
            private List<String> env = new ArrayList<>();
            private String workingDir = "";
            private String hostname = "";
            private boolean tty;
            private boolean readonlyRootfs;
            private boolean privileged;
            private List<String> capAdd = new ArrayList<>();
            private List<String> capDrop = new ArrayList<>();
            private List<String> securityOpt = new ArrayList<>();
            private Map<String, String> tmpfs = new LinkedHashMap<>();
            private Map<String, String> sysctls = new LinkedHashMap<>();
            private List<Ulimit> ulimits = new ArrayList<>();
            private boolean init;
            private long shmSize = DEFAULT_SHM_SIZE;
            private long memory;
            private long memorySwap;
            private long memoryReservation;
            private long cpuShares;
            private long nanoCpus;
            private long cpuQuota;
            private long cpuPeriod;
            private String cpusetCpus = "";
            private long pidsLimit;
            private int blkioWeight;
            private boolean oomKillDisable;
            private int oomScoreAdj;

            private Builder() {}

            public Builder cmd(String... v) { cmd = List.of(v); return this; }
            public Builder entrypoint(String... v) { entrypoint = List.of(v); return this; }
            public Builder env(String... v) { env.addAll(List.of(v)); return this; }
            public Builder workingDir(String v) { workingDir = v; return this; }
            public Builder hostname(String v) { hostname = v; return this; }
            public Builder tty(boolean v) { tty = v; return this; }
            public Builder readonlyRootfs(boolean v) { readonlyRootfs = v; return this; }
            public Builder privileged(boolean v) { privileged = v; return this; }
            public Builder capAdd(String... v) { capAdd.addAll(List.of(v)); return this; }
            public Builder capDrop(String... v) { capDrop.addAll(List.of(v)); return this; }
            public Builder securityOpt(String... v) { securityOpt.addAll(List.of(v)); return this; }
            public Builder tmpfs(String path, String opts) { tmpfs.put(path, opts); return this; }
            public Builder sysctl(String key, String value) { sysctls.put(key, value); return this; }
            public Builder ulimit(String name, long soft, long hard) { ulimits.add(new Ulimit(name, soft, hard)); return this; }
            public Builder init(boolean v) { init = v; return this; }
            public Builder shmSize(long v) { shmSize = v; return this; }
            public Builder memory(long v) { memory = v; return this; }
            public Builder memorySwap(long v) { memorySwap = v; return this; }
            public Builder memoryReservation(long v) { memoryReservation = v; return this; }
            public Builder cpuShares(long v) { cpuShares = v; return this; }
            public Builder nanoCpus(long v) { nanoCpus = v; return this; }
            public Builder cpuQuota(long v) { cpuQuota = v; return this; }
            public Builder cpuPeriod(long v) { cpuPeriod = v; return this; }
            public Builder cpusetCpus(String v) { cpusetCpus = v; return this; }
            public Builder pidsLimit(long v) { pidsLimit = v; return this; }
            public Builder blkioWeight(int v) { blkioWeight = v; return this; }
            public Builder oomKillDisable(boolean v) { oomKillDisable = v; return this; }
            public Builder oomScoreAdj(int v) { oomScoreAdj = v; return this; }

            public CreateOptions build() {
                return new CreateOptions(cmd, entrypoint, env, workingDir, hostname, tty, readonlyRootfs,
                        privileged, capAdd, capDrop, securityOpt, tmpfs, sysctls, ulimits, init, shmSize,
                        memory, memorySwap, memoryReservation, cpuShares, nanoCpus, cpuQuota, cpuPeriod,
                        cpusetCpus, pidsLimit, blkioWeight, oomKillDisable, oomScoreAdj);
            }
        }
    }
}
