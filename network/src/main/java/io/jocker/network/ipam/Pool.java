package io.jocker.network.ipam;

import java.net.Inet4Address;
import java.util.List;

/**
 * A snapshot of one network's address pool.
 *
 * @param allocated the container addresses in use, ascending; the gateway is not among them
 */
public record Pool(String networkId, String networkName, Subnet subnet, Inet4Address gateway,
        List<Inet4Address> allocated) {
    public Pool {
        allocated = List.copyOf(allocated);
    }
}
