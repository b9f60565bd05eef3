package io.jocker.engine.container;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of Docker's {@code HostConfig} the engine keeps, as requested (validated when the
 * runtime generates the container's spec at create). Zero means "not set" for every number, as in
 * the Engine API; {@code networkMode} is stored as given ("default" = the default bridge).
 *
 * @param resources cgroup limits and rlimits
 * @param securityOpt {@code --security-opt} entries as the client sent them (a seccomp profile
 *     arrives as {@code seccomp=<JSON>}: the docker CLI reads the file)
 * @param cgroupParent {@code --cgroup-parent}, empty for the daemon's
 * @param runtime the OCI runtime's name, empty for the daemon's default
 */
public record HostSettings(boolean autoRemove, String networkMode, RestartPolicy restartPolicy, Resources resources,
        boolean privileged, boolean readonlyRootfs, List<String> capAdd, List<String> capDrop,
        List<String> securityOpt, Map<String, String> tmpfs, Map<String, String> sysctls, boolean init,
        long shmSize, int oomScoreAdj, String cgroupParent, LogConfig logConfig, String runtime) {

    /** {@code name} is "", "no", "always", "unless-stopped" or "on-failure". */
    public record RestartPolicy(String name, int maximumRetryCount) {
        public static final RestartPolicy NO = new RestartPolicy("no", 0);
    }

    /** Docker's resource fields; {@code pidsLimit} {@code <= 0} is unlimited. */
    public record Resources(long memory, long memorySwap, long memoryReservation, long cpuShares, long nanoCpus,
            long cpuQuota, long cpuPeriod, String cpusetCpus, long pidsLimit, int blkioWeight,
            boolean oomKillDisable, List<Ulimit> ulimits) {
        public static final Resources NONE = new Resources(0, 0, 0, 0, 0, 0, 0, "", 0, 0, false, List.of());

        public Resources {
            cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
            ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        }
    }

    /** One {@code --ulimit}, named as Docker names it ("nofile"). */
    public record Ulimit(String name, long soft, long hard) {}

    /** {@code --log-driver} ("json-file" when unset, as dockerd reports it) and {@code --log-opt}. */
    public record LogConfig(String type, Map<String, String> config) {
        public static final LogConfig DEFAULT = new LogConfig("json-file", Map.of());

        public LogConfig {
            type = type == null || type.isEmpty() ? "json-file" : type;
            config = config == null ? Map.of() : Map.copyOf(config);
        }
    }

    public HostSettings {
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
        resources = resources == null ? Resources.NONE : resources;
        capAdd = capAdd == null ? null : List.copyOf(capAdd);
        capDrop = capDrop == null ? null : List.copyOf(capDrop);
        securityOpt = securityOpt == null ? null : List.copyOf(securityOpt);
        tmpfs = tmpfs == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tmpfs));
        sysctls = sysctls == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        logConfig = logConfig == null ? LogConfig.DEFAULT : logConfig;
        runtime = runtime == null ? "" : runtime;
    }

    public static HostSettings defaults() {
        return new HostSettings(false, "default", RestartPolicy.NO, Resources.NONE, false, false, null, null, null,
                null, null, false, 0, 0, "", LogConfig.DEFAULT, "");
    }

    /** A copy with {@code --rm} set as given. */
    public HostSettings withAutoRemove(boolean remove) {
        return new HostSettings(remove, networkMode, restartPolicy, resources, privileged, readonlyRootfs, capAdd,
                capDrop, securityOpt, tmpfs, sysctls, init, shmSize, oomScoreAdj, cgroupParent, logConfig, runtime);
    }
}
