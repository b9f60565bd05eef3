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

    /** The part of {@code HostConfig} the engine keeps so far; the rest is accepted and ignored. */
    public record HostConfig(
            @JsonProperty("AutoRemove") Boolean autoRemove,
            @JsonProperty("Memory") Long memory,
            @JsonProperty("NanoCpus") Long nanoCpus,
            @JsonProperty("PidsLimit") Long pidsLimit,
            @JsonProperty("Privileged") Boolean privileged,
            @JsonProperty("ReadonlyRootfs") Boolean readonlyRootfs,
            @JsonProperty("CapAdd") List<String> capAdd,
            @JsonProperty("CapDrop") List<String> capDrop,
            @JsonProperty("NetworkMode") String networkMode,
            @JsonProperty("RestartPolicy") RestartPolicy restartPolicy) {}

    public record RestartPolicy(@JsonProperty("Name") String name,
            @JsonProperty("MaximumRetryCount") Integer maximumRetryCount) {}
}
