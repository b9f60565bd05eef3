package io.jocker.network.ipam;

import io.jocker.common.error.EngineException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Optional;

/**
 * IPv4 address management: one pool per network, holding its subnet, its gateway and the addresses
 * handed to containers, kept on disk so allocations survive a daemon restart.
 *
 * <p>Lifecycle: the network service {@link #addPool adds a pool} when it creates a network (or
 * finds the pool already there after a restart), {@link #allocate allocates} an address per
 * container endpoint, {@link #release releases} it when the endpoint goes, and {@link #removePool
 * removes} the pool with the network. Addresses are handed out lowest first, after the gateway,
 * so a released address is reused as Docker's bridge does.
 *
 * <pre>{@code
 * Ipam ipam = Ipam.open(root.resolve("network/ipam"));
 * ipam.addPool(id, "bridge", Subnet.parse("10.200.0.0/20"), null);   // gateway 10.200.0.1
 * Inet4Address a = ipam.allocate(id);                                 // 10.200.0.2
 * ipam.allocate(id, Subnet.parseAddress("10.200.0.9"));               // --ip
 * ipam.release(id, a);
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface Ipam {
    /** Opens (creating if needed) the durable IPAM state in {@code dir}; see the package doc. */
    static Ipam open(Path dir) {
        return LocalIpam.open(dir);
    }

    /**
     * Registers the pool of a network. Adding the same subnet and gateway again returns the existing
     * pool, so callers can re-add after a restart.
     *
     * @param gateway the bridge's address, or null for the subnet's first host
     * @throws EngineException conflict when the network already has a different pool; forbidden
     *     ("Pool overlaps with other one on this address space") when the subnet overlaps another
     *     network's; invalid argument when the gateway is not a host address of the subnet
     */
    Pool addPool(String networkId, String networkName, Subnet subnet, Inet4Address gateway);

    /** Forgets a network's pool and its allocations. Returns false when there was none. */
    boolean removePool(String networkId);

    /** A snapshot of the network's pool. */
    Optional<Pool> pool(String networkId);

    /**
     * Allocates the lowest free host address.
     *
     * @throws EngineException not found for an unknown network; internal, with Docker's text "no
     *     available IPv4 addresses on this network's address pools: NAME (ID)", when the pool is
     *     full (dockerd answers 500)
     */
    Inet4Address allocate(String networkId);

    /**
     * Allocates a requested address ({@code --ip}).
     *
     * @throws EngineException invalid argument "Requested address is out of range" outside the
     *     subnet; forbidden "Address already in use" when taken (the gateway, network and broadcast
     *     addresses count as taken), as Docker's IPAM answers
     */
    Inet4Address allocate(String networkId, Inet4Address requested);

    /**
     * Releases an address. Returns false when it was not allocated (releasing twice is harmless, so
     * teardown can be retried after a crash).
     */
    boolean release(String networkId, Inet4Address address);
}
