package io.jocker.engine.container;

/**
 * The port through which the engine runs containers; the wiring supplies the implementation
 * (conmon + runc in module runtime, a fake in tests). The engine owns state, names and events;
 * the runtime owns processes.
 *
 * <p>Lifecycle, per container: {@link #prepare} before every start (generate the bundle; must be
 * idempotent), {@link #start} once per run, any number of {@link #signal}s while it runs, exactly
 * one {@link ExitListener#onExit} per successful start, and {@link #delete} once when the container
 * is removed (after the process is gone). Stop is the engine's job: it signals, waits for the exit
 * notification with a timeout, then signals SIGKILL.
 *
 * <pre>{@code
 * runtime.prepare(record);
 * long pid = runtime.start(record, (id, code, oom) -> service.exited(id, code, oom, startedAt));
 * runtime.signal(record.id(), Signal.parse("TERM"));
 * // ... onExit(id, 143, false) arrives on a runtime thread
 * runtime.delete(record.id());
 * }</pre>
 *
 * <p>Implementations are thread-safe. The exit listener may be called on any thread, including
 * before {@code start} has returned.
 */
public interface ContainerRuntime {

    /** Told once per run when the container's process has exited. */
    @FunctionalInterface
    interface ExitListener {
        /**
         * @param id the container ID
         * @param exitCode the exit status; 128 + n when killed by signal n
         * @param oomKilled whether the kernel's OOM killer ended it
         */
        void onExit(String id, int exitCode, boolean oomKilled);
    }

    /**
     * Checks the record's host settings and config as a start would use them (capabilities,
     * resources, ulimits, security options, tmpfs paths…), so that create refuses what could never
     * run, with Docker's text, as dockerd does. Touches nothing on the host.
     *
     * @throws io.jocker.common.error.EngineException of kind invalid argument
     */
    void validate(ContainerRecord record);

    /**
     * Makes everything a start needs (root file system, runtime spec) from the record.
     *
     * @throws io.jocker.common.error.EngineException with Docker's text when the config is unusable
     */
    void prepare(ContainerRecord record);

    /**
     * Starts the container's process and returns its host PID. The record says how the shim holds
     * stdio (open stdin, TTY).
     *
     * @throws io.jocker.common.error.EngineException when it cannot start; the message is the
     *     runtime's text (the CLI maps "executable file not found" to exit 127)
     */
    long start(ContainerRecord record, ExitListener exits);

    /**
     * Re-attaches to a container a previous daemon started (live restore): watches it again when its
     * shim still runs; otherwise tells {@code exits} (possibly on this thread) how it ended — its
     * real exit status when it ended while no daemon watched, 255 when the host rebooted since or its
     * shim is gone without one, as dockerd reports them.
     */
    void recover(ContainerRecord record, ExitListener exits);

    /**
     * Where the container's root file system lives, as dockerd's inspect shows it under
     * GraphDriver.Data (overlay: LowerDir, MergedDir, UpperDir, WorkDir); empty when it has none.
     */
    java.util.Map<String, String> storageDetails(String id);

    /** Bytes the container wrote into its own layer; 0 when it has none (yet). */
    long writableLayerSize(String id);

    /** Sets the size of a running container's terminal; nothing for a container without one. */
    void resize(String id, int height, int width);

    /** Sends a signal to the container's main process; a process already gone is not an error. */
    void signal(String id, Signal signal);

    /** Releases what {@link #prepare} and {@link #start} made; called when no process remains. */
    void delete(String id);
}
