package io.jocker.oci.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The image config's {@code config}: defaults for containers run from the image. The OCI fields
 * plus Docker's {@code Healthcheck}, {@code OnBuild} and {@code Shell}, with Docker's capitalised
 * JSON names. Absent strings are empty, absent collections empty, an absent healthcheck null;
 * {@code Entrypoint} and {@code Cmd} also read Docker's single-string form. Immutable; thread-safe.
 *
 * <p>{@code exposedPorts} holds {@code port/proto} keys ({@code 80/tcp}); {@code volumes} holds
 * container paths.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
        "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell"})
public record ContainerConfig(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts")
                @JsonSerialize(using = EmptyObjectSet.Serializer.class)
                @JsonDeserialize(using = EmptyObjectSet.Deserializer.class)
                Set<String> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes")
                @JsonSerialize(using = EmptyObjectSet.Serializer.class)
                @JsonDeserialize(using = EmptyObjectSet.Deserializer.class)
                Set<String> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean argsEscaped,
        @JsonProperty("Healthcheck") Healthcheck healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell) {

    /** No defaults at all. */
    public static final ContainerConfig EMPTY = builder().build();

    public ContainerConfig {
        user = user == null ? "" : user;
        exposedPorts = exposedPorts == null ? Set.of() : sortedCopy(exposedPorts);
        env = env == null ? List.of() : List.copyOf(env);
        entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        volumes = volumes == null ? Set.of() : sortedCopy(volumes);
        workingDir = workingDir == null ? "" : workingDir;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        stopSignal = stopSignal == null ? "" : stopSignal;
        onBuild = onBuild == null ? List.of() : List.copyOf(onBuild);
        shell = shell == null ? List.of() : List.copyOf(shell);
    }

    private static Set<String> sortedCopy(Set<String> set) {
        return java.util.Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link ContainerConfig}, one field at a time. Not thread-safe. */
    public static final class Builder {
        private String user = "";
        private final Set<String> exposedPorts = new TreeSet<>();
        private List<String> env = new ArrayList<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private final Set<String> volumes = new TreeSet<>();
        private String workingDir = "";
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String stopSignal = "";
        private boolean argsEscaped;
        private Healthcheck healthcheck;
        private final List<String> onBuild = new ArrayList<>();
        private List<String> shell = List.of();

        private Builder() {}

        private Builder(ContainerConfig c) {
            user = c.user;
            exposedPorts.addAll(c.exposedPorts);
            env = new ArrayList<>(c.env);
            entrypoint = c.entrypoint;
            cmd = c.cmd;
            volumes.addAll(c.volumes);
            workingDir = c.workingDir;
            labels.putAll(c.labels);
            stopSignal = c.stopSignal;
            argsEscaped = c.argsEscaped;
            healthcheck = c.healthcheck;
            onBuild.addAll(c.onBuild);
            shell = c.shell;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder exposedPort(String portAndProtocol) {
            exposedPorts.add(portAndProtocol);
            return this;
        }

        /** Replaces the whole environment ({@code KEY=value} entries). */
        public Builder env(List<String> value) {
            env = new ArrayList<>(value);
            return this;
        }

        /** Sets {@code key}, replacing an earlier entry for it in place, as Docker's ENV does. */
        public Builder env(String key, String value) {
            String entry = key + "=" + value;
            for (int i = 0; i < env.size(); i++) {
                String existing = env.get(i);
                int eq = existing.indexOf('=');
                if ((eq < 0 ? existing : existing.substring(0, eq)).equals(key)) {
                    env.set(i, entry);
                    return this;
                }
            }
            env.add(entry);
            return this;
        }

        public Builder entrypoint(List<String> value) {
            entrypoint = List.copyOf(value);
            return this;
        }

        public Builder cmd(List<String> value) {
            cmd = List.copyOf(value);
            return this;
        }

        public Builder volume(String path) {
            volumes.add(path);
            return this;
        }

        public Builder workingDir(String value) {
            workingDir = value;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> value) {
            labels.clear();
            labels.putAll(value);
            return this;
        }

        public Builder stopSignal(String value) {
            stopSignal = value;
            return this;
        }

        public Builder argsEscaped(boolean value) {
            argsEscaped = value;
            return this;
        }

        /** The healthcheck, or null to inherit none. */
        public Builder healthcheck(Healthcheck value) {
            healthcheck = value;
            return this;
        }

        public Builder onBuild(String trigger) {
            onBuild.add(trigger);
            return this;
        }

        public Builder clearOnBuild() {
            onBuild.clear();
            return this;
        }

        public Builder shell(List<String> value) {
            shell = List.copyOf(value);
            return this;
        }

        public ContainerConfig build() {
            return new ContainerConfig(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels,
                    stopSignal, argsEscaped, healthcheck, onBuild, shell);
        }
    }
}
