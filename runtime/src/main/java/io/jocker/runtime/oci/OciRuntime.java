package io.jocker.runtime.oci;

/**
 * The daemon's view of an OCI runtime after conmon has run {@code create}.
 *
 * <p>Lifecycle: conmon creates the container ({@code created}) → {@link #start} ({@code running}) →
 * the process exits or is {@link #kill}ed ({@code stopped}; the exit code comes from conmon's exit
 * file, the runtime keeps none) → {@link #delete} removes the runtime state and the container's
 * cgroups. {@code delete} of a running container needs {@code force}.
 *
 * <pre>{@code
 * OciRuntime runc = new RuncRuntime(Path.of("/usr/sbin/runc"), execRoot, Duration.ofSeconds(10));
 * runc.start(id);
 * runc.kill(id, "TERM");
 * RuntimeState s = runc.state(id);   // status "stopped"
 * runc.delete(id, false);
 * }</pre>
 *
 * <p>Failures throw {@code EngineException}: not found when the runtime has no such container,
 * internal otherwise, with the runtime's own message.
 */
public interface OciRuntime {

    void start(String containerId);

    /** Sends a signal by name ({@code TERM}, {@code KILL}) or number. */
    void kill(String containerId, String signal);

    void delete(String containerId, boolean force);

    RuntimeState state(String containerId);
}
