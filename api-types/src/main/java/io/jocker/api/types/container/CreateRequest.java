package io.jocker.api.types.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /containers/create}: Config at the top level plus HostConfig. Null = absent. */
public record CreateRequest(
        @JsonProperty("Image") String image,
        @JsonProperty("Cmd") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
        @JsonProperty("Entrypoint") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                List<String> entrypoint,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Tty") Boolean tty,
        @JsonProperty("OpenStdin") Boolean openStdin,
        @JsonProperty("StdinOnce") Boolean stdinOnce,
        @JsonProperty("AttachStdin") Boolean attachStdin,
        @JsonProperty("AttachStdout") Boolean attachStdout,
        @JsonProperty("AttachStderr") Boolean attachStderr,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("User") String user,
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("StopTimeout") Integer stopTimeout,
        @JsonProperty("HostConfig") HostConfig hostConfig) {

    /**
     * The part of {@code HostConfig} the engine keeps; the rest (binds, ports, devices…) is accepted
     * and ignored until the issues that bring it.
     */
    public record HostConfig(
            @JsonProperty("AutoRemove") Boolean autoRemove,
            @JsonProperty("Memory") Long memory,
            @JsonProperty("MemorySwap") Long memorySwap,
            @JsonProperty("MemoryReservation") Long memoryReservation,
            @JsonProperty("CpuShares") Long cpuShares,
            @JsonProperty("NanoCpus") Long nanoCpus,
            @JsonProperty("CpuQuota") Long cpuQuota,
            @JsonProperty("CpuPeriod") Long cpuPeriod,
            @JsonProperty("CpusetCpus") String cpusetCpus,
            @JsonProperty("PidsLimit") Long pidsLimit,
            @JsonProperty("BlkioWeight") Integer blkioWeight,
            @JsonProperty("OomKillDisable") Boolean oomKillDisable,
            @JsonProperty("OomScoreAdj") Integer oomScoreAdj,
            @JsonProperty("ShmSize") Long shmSize,
            @JsonProperty("Ulimits") List<Ulimit> ulimits,
            @JsonProperty("Privileged") Boolean privileged,
            @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
            @JsonProperty("CapAdd") List<String> capAdd,
            @JsonProperty("CapDrop") List<String> capDrop,
            @JsonProperty("SecurityOpt") List<String> securityOpt,
            @JsonProperty("Tmpfs") Map<String, String> tmpfs,
            @JsonProperty("Sysctls") Map<String, String> sysctls,
            @JsonProperty("Init") Boolean init,
            @JsonProperty("CgroupParent") String cgroupParent,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
            @JsonProperty("LogConfig") LogConfig logConfig,
            @JsonProperty("Runtime") String runtime) {}

    /** One {@code --ulimit}: Docker's name ("nofile") and limits. */
    public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") Long soft,
            @JsonProperty("Hard") Long hard) {}

    /** {@code --log-driver} and {@code --log-opt}. */
    public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}

    public record RestartPolicy(@JsonProperty("Name") String name,
            @JsonProperty("MaximumRetryCount") Integer maximumRetryCount) {}
}
