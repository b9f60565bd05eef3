package io.jocker.network.bridge;

import java.net.Inet4Address;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Names and addresses derived for an endpoint. Stateless and thread-safe.
 */
final class EndpointNames {
    /** Every host-side veth of jocker starts with this, so leftovers are recognisable. */
    static final String VETH_PREFIX = "vj";
    /** The container-side name. */
    static final String CONTAINER_INTERFACE = "eth0";

    private EndpointNames() {}

    /**
     * "vj", up to eight characters of the container ID (lower-case letters and digits only) and
     * four random hex digits: at most 14 characters, within IFNAMSIZ. The random part keeps a
     * reconnect from colliding with a veth of the same container that the kernel is still
     * deleting, which happens asynchronously when a namespace goes first.
     */
    static String hostVeth(String containerId, RandomGenerator random) {
        String id = containerId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String head = id.substring(0, Math.min(8, id.length()));
        return VETH_PREFIX + head + String.format("%04x", random.nextInt(0x10000));
    }

    /** Docker's bridge MAC address: 02:42 and the four bytes of the IPv4 address. */
    static String macAddress(Inet4Address address) {
        return "02:42:" + HexFormat.ofDelimiter(":").formatHex(address.getAddress());
    }
}
