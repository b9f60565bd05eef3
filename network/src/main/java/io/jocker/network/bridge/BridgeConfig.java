package io.jocker.network.bridge;

import io.jocker.common.error.EngineException;
import io.jocker.network.firewall.Firewall;
import io.jocker.network.ipam.Subnet;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of one bridge network, from the daemon's immutable configuration.
 *
 * @param networkId the network's ID, the key of its IPAM pool
 * @param networkName "bridge" for the default network
 * @param bridgeName the Linux interface, e.g. "jocker0" (at most 15 characters)
 * @param chainPrefix the firewall chain prefix, DaemonConfig.firewallChainPrefix()
 * @param subnet the network's subnet, or null for the IPAM pool's (after a restart) or, for a new
 *     pool, the first default candidate that clashes with no host route or nameserver
 * @param stateDir where the endpoint records live, e.g. ROOT/network/bridge/NETWORK_ID
 * @param netnsDir where the containers' network namespaces are named, e.g. EXEC_ROOT/netns
 * @param hostResolvConf the host's resolv.conf, whose nameservers a chosen subnet must not hold
 */
public record BridgeConfig(String networkId, String networkName, String bridgeName, String chainPrefix,
        Subnet subnet, Path stateDir, Path netnsDir, Path hostResolvConf) {
    /** IFNAMSIZ is 16 with the terminating NUL. */
    public static final int MAX_INTERFACE_NAME = 15;
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    public BridgeConfig {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(netnsDir, "netnsDir");
        Objects.requireNonNull(hostResolvConf, "hostResolvConf");
        if (!INTERFACE.matcher(bridgeName).matches()) {
            throw EngineException.invalidArgument("invalid bridge name " + bridgeName + ": want at most "
                    + MAX_INTERFACE_NAME + " letters, digits, '_', '.' or '-'");
        }
        if (chainPrefix.isEmpty() || chainPrefix.length() > Firewall.MAX_CHAIN_PREFIX) {
            throw EngineException.invalidArgument("invalid firewall chain prefix " + chainPrefix);
        }
    }

    /** The default bridge "bridge" of a daemon, with its subnet left to the pool or the chooser. */
    public static BridgeConfig defaultBridge(String networkId, String bridgeName, String chainPrefix,
            Path dataRoot, Path execRoot) {
        return new BridgeConfig(networkId, "bridge", bridgeName, chainPrefix, null,
                dataRoot.resolve("network").resolve("bridge").resolve(networkId), execRoot.resolve("netns"),
                Path.of("/etc/resolv.conf"));
    }
}
