package io.jocker.engine.container;

import java.time.Instant;

/**
 * One container as stored and as list and inspect see it: an immutable snapshot, replaced whole
 * on every change.
 *
 * @param id 64 lower-case hex digits
 * @param name the name without Docker's leading "/"
 * @param created when it was created
 * @param imageId the image ID ({@code sha256:<hex>}) the container was created from
 * @param config the merged config; {@code config.image()} is the name the user gave
 * @param hostConfig the host settings as requested
 * @param state the lifecycle state
 * @param network its endpoint on the default bridge while it runs; null otherwise (and always with
 *     {@code --network none} or {@code host})
 */
public record ContainerRecord(String id, String name, Instant created, String imageId, ContainerSpec config,
        HostSettings hostConfig, RunState state, NetworkEndpoint network) {

    /** The first 12 hex digits, as {@code docker ps} and the hostname show them. */
    public String shortId() {
        return id.substring(0, 12);
    }

    ContainerRecord withState(RunState next) {
        return new ContainerRecord(id, name, created, imageId, config, hostConfig, next, network);
    }

    ContainerRecord withNetwork(NetworkEndpoint endpoint) {
        return new ContainerRecord(id, name, created, imageId, config, hostConfig, state, endpoint);
    }

    /** Whether it joins the default bridge: Docker's "default" and "bridge" network modes. */
    public boolean onDefaultBridge() {
        return hostConfig.networkMode().equals("default") || hostConfig.networkMode().equals("bridge");
    }
}
