package io.jocker.runtime.shim;

/**
 * A container created by conmon and waiting for {@code runtime start}.
 *
 * @param containerPid the container's init process on the host
 * @param conmonPid the conmon monitoring it (not our child: it reparented to PID 1)
 */
public record Launched(int containerPid, int conmonPid) {}
