package io.jocker.engine.container;

/**
 * Attaching to a container's streams: the runtime side connects to the shim (before the process
 * starts, when it is not running yet, so no early output is lost), feeds the sink until the
 * container exits, and forwards the client's input. Declared here, supplied by the composition root.
 */
public interface ContainerAttach {

    /** Receives a container's output. Called on a platform thread of the runtime side. */
    interface Sink {
        /** One piece of output. */
        void output(boolean stderr, byte[] data);

        /** The container exited (or the stream broke): no more output comes. */
        void end();
    }

    /** One client's attachment. Input sent before the container starts is delivered once it does. */
    interface Session extends AutoCloseable {
        /** Bytes for the container's stdin; ignored when the session was opened without stdin. */
        void input(byte[] data);

        /** The client has no more input: the container's stdin closes, unless it stays open across clients. */
        void closeInput();

        /** The client went away: stop delivering output. */
        @Override
        void close();
    }

    /** Attaches {@code sink} to the container's next (or current) run; {@code stdin} forwards input. */
    Session attach(String containerId, boolean stdin, Sink sink);
}
