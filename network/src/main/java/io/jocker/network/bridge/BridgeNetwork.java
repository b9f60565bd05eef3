package io.jocker.network.bridge;

import io.jocker.common.error.EngineException;
import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.netns.NetworkNamespaces;
import io.jocker.network.ipam.Ipam;
import io.jocker.network.ipam.Pool;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * A bridge network on this host: a Linux bridge with the gateway address, the firewall rules that
 * let its containers reach each other and the outside, and one endpoint (a named network
 * namespace with eth0, half of a veth pair whose other half is a port of the bridge) per
 * connected container.
 *
 * <p>Lifecycle: the daemon {@link #open opens} the network at every start. Opening creates what is
 * missing and keeps what is there, so it is also how a restarted daemon re-learns the endpoints
 * its containers kept running with ({@link #endpoints}); it drops endpoints whose namespace is
 * gone (after a reboot, or a crash in the middle of {@link #connect}) and anything of ours that no
 * endpoint accounts for: IPAM allocations, namespace names, veths on the bridge. The container
 * service {@link #connect connects} a container before the runtime creates it, and {@link
 * #disconnect disconnects} it after its process is dead (reference/host-recipes.md §6, step 4).
 * {@link #removeAll} takes the whole network away. Shutting the daemon down needs no call: the
 * kernel keeps bridge, rules and namespaces, and containers keep their network.
 *
 * <pre>{@code
 * BridgeNetwork bridge = BridgeNetwork.open(
 *         BridgeConfig.defaultBridge(id, config.bridge(), config.firewallChainPrefix(), root, execRoot),
 *         ipam, CommandRunner.local(), NetworkNamespaces.nativeNamespaces());
 * Endpoint e = bridge.connect(containerId);   // e.netnsPath() goes into the runtime spec
 * ...
 * bridge.disconnect(containerId);             // again: a no-op
 * }</pre>
 *
 * <p>Failures are {@link EngineException}s naming the network and the container. Implementations
 * are thread-safe: containers connect and disconnect in parallel; calls for one container are
 * serialised, and {@link #removeAll} waits for them.
 */
public interface BridgeNetwork {

    /**
     * Opens the network, creating or repairing what is missing, in these steps: IPAM pool, the
     * namespace directory, the endpoint records (dropping stale ones), IPAM reconciled with them,
     * the bridge, leftovers swept, {@code net.ipv4.ip_forward}, the firewall.
     *
     * @param host runs {@code ip}, {@code iptables}, {@code sysctl} in the host's network namespace
     */
    static BridgeNetwork open(BridgeConfig config, Ipam ipam, CommandRunner host, NetworkNamespaces netns) {
        return LinuxBridgeNetwork.open(config, ipam, host, netns);
    }

    BridgeConfig config();

    /** The network's address pool: subnet, gateway, addresses in use. */
    Pool pool();

    /**
     * Gives the container an endpoint with the lowest free address. Returns the existing endpoint
     * when the container is connected already.
     */
    Endpoint connect(String containerId);

    /**
     * Gives the container an endpoint with the requested address ({@code --ip}).
     *
     * @throws EngineException forbidden "Address already in use" when it is taken; conflict when the
     *     container is connected already with another address
     */
    Endpoint connect(String containerId, Inet4Address requested);

    Optional<Endpoint> endpoint(String containerId);

    /** The endpoints now, by container ID. */
    List<Endpoint> endpoints();

    /**
     * Removes the container's endpoint: the host veth (which takes eth0 with it), the namespace,
     * the address, the record, in that order. Returns false when there was none; calling it again,
     * or after a link vanished by other means, is not an error.
     */
    boolean disconnect(String containerId);

    /**
     * Removes everything: every endpoint, the firewall rules, the bridge, the IPAM pool, and the
     * namespace directory's bind mount once no namespace is named in it.
     */
    void removeAll();
}
