package io.jocker.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class HostFactsTest {
    @Test
    void parseRoutes_keepsDestinationsSkipsDefaultAndOddLines() {
        var routes = HostFacts.parseRoutes("""
                default via 192.168.1.1 dev wlan0 proto dhcp metric 600
                blackhole 10.9.0.0/16
                10.255.255.53 dev tun0 scope link
                192.168.1.0/24 dev wlan0 proto kernel scope link src 192.168.1.20 metric 600
                10.20.0.0/16 proto static
                \tnexthop via 192.168.1.2 dev wlan0 weight 1
                unreachable 10.30.0.0/16

                garbage line
                """);
        assertThat(routes).extracting(Subnet::toString)
                .containsExactly("10.9.0.0/16", "10.255.255.53/32", "192.168.1.0/24", "10.20.0.0/16", "10.30.0.0/16");
    }

    @Test
    void parseNameservers_ipv4Only_commentsIgnored() {
        var ns = HostFacts.parseNameservers("""
                # Generated
                nameserver 10.255.255.53
                nameserver fe80::1%eth0
                ;nameserver 1.1.1.1
                nameserver 127.0.0.53 # stub
                search example.com
                """);
        assertThat(ns).extracting(Inet4Address::getHostAddress).containsExactly("10.255.255.53", "127.0.0.53");
    }
}
