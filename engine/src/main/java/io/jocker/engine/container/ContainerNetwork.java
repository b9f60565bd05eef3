package io.jocker.engine.container;

/**
 * The port through which the engine gives containers their network; the wiring supplies the
 * default bridge. The engine decides when (connect before the runtime creates the container,
 * disconnect once its process is dead) and publishes the network events.
 */
public interface ContainerNetwork {
    /**
     * Whether there is a default bridge; without one ({@code --bridge none}) containers of the
     * default network get loopback only and {@link #connect} is never called.
     */
    default boolean hasDefaultBridge() {
        return true;
    }

    /** The default network's name, "bridge". */
    default String defaultNetworkName() {
        return "bridge";
    }

    /** The host's hostname: a container on the host's network has it unless it is given another. */
    String hostName();

    /** The ID of the network named "bridge", "none" or "host", for events and inspect. */
    String networkId(String name);

    default String defaultNetworkId() {
        return networkId(defaultNetworkName());
    }

    /**
     * Gives the container an endpoint on the default bridge; the existing one when it has one
     * already (a daemon restarted while it ran).
     */
    NetworkEndpoint connect(ContainerRecord record);

    /** Takes the container's endpoint away; nothing when it has none. */
    void disconnect(String containerId);
}
