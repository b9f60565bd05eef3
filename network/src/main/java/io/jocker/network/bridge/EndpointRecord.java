package io.jocker.network.bridge;

import io.jocker.network.ipam.Subnet;
import java.nio.file.Path;

/**
 * The durable form of an {@link Endpoint} (see the package doc); addresses in dotted-quad text.
 */
record EndpointRecord(String containerId, String netnsPath, String address, int prefixLength, String gateway,
        String macAddress, String hostVeth) {
    static final int FORMAT_VERSION = 1;

    static EndpointRecord of(Endpoint e) {
        return new EndpointRecord(e.containerId(), e.netnsPath().toString(), e.address().getHostAddress(),
                e.prefixLength(), e.gateway().getHostAddress(), e.macAddress(), e.hostVeth());
    }

    Endpoint toEndpoint() {
        return new Endpoint(containerId, Path.of(netnsPath), Subnet.parseAddress(address), prefixLength,
                Subnet.parseAddress(gateway), macAddress, hostVeth);
    }
}
