package io.jocker.network.bridge;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A container's attachment to a bridge network: its network namespace and what is configured in
 * it. The runtime hands {@link #netnsPath} to the OCI runtime as the network namespace; the
 * engine reports the rest in inspect output (IPAddress, IPPrefixLen, Gateway, MacAddress).
 *
 * @param netnsPath the named namespace, {@code {"type": "network", "path": ...}} in the spec
 * @param address the container's address on eth0
 * @param prefixLength the subnet's prefix length
 * @param gateway the bridge's address, the container's default route
 * @param macAddress eth0's address, "02:42:" and the IPv4 bytes as Docker makes it
 * @param hostVeth the host end of the veth pair, a port of the bridge
 */
public record Endpoint(String containerId, Path netnsPath, Inet4Address address, int prefixLength,
        Inet4Address gateway, String macAddress, String hostVeth) {
    public Endpoint {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(netnsPath, "netnsPath");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(macAddress, "macAddress");
        Objects.requireNonNull(hostVeth, "hostVeth");
    }

    /** The address with its prefix length, e.g. "10.200.0.2/20". */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
