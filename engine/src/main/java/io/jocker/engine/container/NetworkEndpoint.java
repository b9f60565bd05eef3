package io.jocker.engine.container;

/**
 * A running container's place on a network (the parts of Docker's EndpointSettings and
 * NetworkSettings the engine has): kept in the container's record while it runs, so inspect shows
 * it and a restarted daemon knows it.
 *
 * @param networkName "bridge" for the default network
 * @param networkId the network's 64-hex ID
 * @param endpointId the endpoint's 64-hex ID
 * @param sandboxKey the network namespace's path, handed to the runtime
 * @param ipAddress the container's IPv4 address
 * @param prefixLength its subnet's prefix length
 * @param gateway the bridge's address
 * @param macAddress eth0's MAC address
 */
public record NetworkEndpoint(String networkName, String networkId, String endpointId, String sandboxKey,
        String ipAddress, int prefixLength, String gateway, String macAddress) {}
