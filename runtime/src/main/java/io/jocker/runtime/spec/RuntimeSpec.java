package io.jocker.runtime.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec document ({@code config.json}), with the spec's field names. Empty fields
 * are omitted when serialised ({@link RuntimeSpecJson}). Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuntimeSpec(
        String ociVersion,
        Process process,
        Root root,
        String hostname,
        List<Mount> mounts,
        Linux linux) {

    public static final String OCI_VERSION = "1.0.2";

    /** {@code root}: the rootfs path on the host. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Root(String path, Boolean readonly) {}

    /** {@code process}: what runs as the container's first process. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Process(
            @JsonInclude(JsonInclude.Include.ALWAYS) boolean terminal,
            User user,
            List<String> args,
            List<String> env,
            String cwd,
            Capabilities capabilities,
            List<Rlimit> rlimits,
            Boolean noNewPrivileges,
            Integer oomScoreAdj) {}

    /** {@code process.user}: numeric ids, resolved before generation. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record User(
            @JsonInclude(JsonInclude.Include.ALWAYS) long uid,
            @JsonInclude(JsonInclude.Include.ALWAYS) long gid,
            List<Long> additionalGids) {}

    /** {@code process.capabilities}: names with the {@code CAP_} prefix. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Capabilities(
            List<String> bounding,
            List<String> effective,
            List<String> inheritable,
            List<String> permitted,
            List<String> ambient) {}

    /** {@code process.rlimits[]}: type is {@code RLIMIT_*}. */
    public record Rlimit(String type, long hard, long soft) {}

    /** {@code mounts[]}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Mount(String destination, String type, String source, List<String> options) {}

    /** {@code linux}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Linux(
            List<Namespace> namespaces,
            Resources resources,
            String cgroupsPath,
            Map<String, String> sysctl,
            Seccomp seccomp,
            List<String> maskedPaths,
            List<String> readonlyPaths) {}

    /** {@code linux.namespaces[]}: type is pid, mount, uts, ipc, network, cgroup or user. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Namespace(String type, String path) {}

    /** {@code linux.resources}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Resources(
            List<DeviceRule> devices,
            Memory memory,
            Cpu cpu,
            Pids pids,
            @JsonProperty("blockIO") BlockIo blockIo) {}

    /** {@code linux.resources.devices[]}: a device cgroup rule. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeviceRule(boolean allow, String type, Long major, Long minor, String access) {}

    /** {@code linux.resources.memory}, in bytes; swap is memory plus swap, -1 for unlimited. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Memory(Long limit, Long reservation, Long swap, Boolean disableOOMKiller) {}

    /** {@code linux.resources.cpu}; period and quota in microseconds, cpus a cpuset list. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(Long shares, Long quota, Long period, String cpus) {}

    /** {@code linux.resources.pids}. */
    public record Pids(long limit) {}

    /** {@code linux.resources.blockIO}. */
    public record BlockIo(int weight) {}

    /** {@code linux.seccomp}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Seccomp(String defaultAction, List<String> architectures, List<Syscall> syscalls) {}

    /** {@code linux.seccomp.syscalls[]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(List<String> names, String action, Integer errnoRet, List<SyscallArg> args) {}

    /** {@code linux.seccomp.syscalls[].args[]}; for SCMP_CMP_MASKED_EQ value is the mask. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyscallArg(int index, long value, Long valueTwo, String op) {}
}
