package io.jocker.engine.container;

import java.util.List;

/**
 * The part of Docker's {@code HostConfig} the engine keeps so far. {@code pidsLimit} null or
 * {@code <= 0} means unlimited; {@code networkMode} is stored as given ("default" = bridge).
 */
public record HostSettings(boolean autoRemove, long memory, long nanoCpus, Long pidsLimit, boolean privileged,
        boolean readonlyRootfs, List<String> capAdd, List<String> capDrop, String networkMode,
        RestartPolicy restartPolicy) {

    /** {@code name} is "", "no", "always", "unless-stopped" or "on-failure". */
    public record RestartPolicy(String name, int maximumRetryCount) {
        public static final RestartPolicy NO = new RestartPolicy("no", 0);
    }

    public HostSettings {
        capAdd = capAdd == null ? null : List.copyOf(capAdd);
        capDrop = capDrop == null ? null : List.copyOf(capDrop);
        networkMode = networkMode == null || networkMode.isEmpty() ? "default" : networkMode;
        restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    }

    public static HostSettings defaults() {
        return new HostSettings(false, 0, 0, null, false, false, null, null, "default", RestartPolicy.NO);
    }
}
