package io.jocker.engine.container;

/**
 * Attaching to a container's output: the runtime side connects to the shim's stream (before the
 * process starts, when it is not running yet, so no early output is lost) and feeds the sink until
 * the container exits. Declared here, supplied by the composition root.
 */
public interface ContainerAttach {

    /** Receives a container's output. Called on a platform thread of the runtime side. */
    interface Sink {
        /** One piece of output. */
        void output(boolean stderr, byte[] data);

        /** The container exited (or the stream broke): no more output comes. */
        void end();
    }

    /** Delivers the output of the container's next (or current) run to {@code sink}. */
    void attach(String containerId, Sink sink);

    /** Stops delivering to {@code sink} (the client went away). */
    void detach(String containerId, Sink sink);
}
