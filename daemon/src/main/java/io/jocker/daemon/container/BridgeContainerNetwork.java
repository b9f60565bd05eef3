package io.jocker.daemon.container;

import io.jocker.engine.container.ContainerNetwork;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.NetworkEndpoint;
import io.jocker.network.bridge.BridgeNetwork;
import io.jocker.network.bridge.Endpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The engine's {@link ContainerNetwork} port on the default bridge. Network and endpoint IDs are
 * derived (SHA-256) from the engine's ID and the names, so they are stable across restarts without
 * being stored anywhere. Thread-safe (the bridge is).
 */
public final class BridgeContainerNetwork implements ContainerNetwork {
    private final BridgeNetwork bridge;
    private final String engineId;
    private final String hostName;

    /**
     * @param bridge the default bridge, or null when the daemon runs without one ({@code --bridge none})
     * @param hostName the host's hostname
     */
    public BridgeContainerNetwork(BridgeNetwork bridge, String engineId, String hostName) {
        this.bridge = bridge;
        this.engineId = engineId;
        this.hostName = hostName;
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public boolean hasDefaultBridge() {
        return bridge != null;
    }

    /** The default bridge's ID, from the engine's ID (the IPAM pool is keyed by it). */
    public static String bridgeNetworkId(String engineId) {
        return sha256(engineId + "/network/bridge");
    }

    @Override
    public String networkId(String name) {
        return sha256(engineId + "/network/" + name);
    }

    @Override
    public NetworkEndpoint connect(ContainerRecord record) {
        Endpoint e = bridge.connect(record.id());
        String networkId = networkId(defaultNetworkName());
        return new NetworkEndpoint(defaultNetworkName(), networkId, sha256(networkId + "/" + record.id()),
                e.netnsPath().toString(), e.address().getHostAddress(), e.prefixLength(),
                e.gateway().getHostAddress(), e.macAddress());
    }

    @Override
    public void disconnect(String containerId) {
        if (bridge != null) {
            bridge.disconnect(containerId);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }
}
