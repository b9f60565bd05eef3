package io.jocker.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SubnetTest {
    private static Inet4Address ip(String s) {
        return Subnet.parseAddress(s);
    }

    @Test
    void parse_valid_roundTripsAndDerivesAddresses() {
        Subnet s = Subnet.parse("10.99.0.0/24");
        assertThat(s.toString()).isEqualTo("10.99.0.0/24");
        assertThat(s.gateway()).isEqualTo(ip("10.99.0.1"));
        assertThat(s.broadcast()).isEqualTo(ip("10.99.0.255"));
        assertThat(s.netmask()).isEqualTo(ip("255.255.255.0"));
        assertThat(s.hostCount()).isEqualTo(254);
        assertThat(s).isEqualTo(Subnet.parse("10.99.0.0/24")).hasSameHashCodeAs(Subnet.parse("10.99.0.0/24"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.99.0.0", "10.99.0.0/33", "10.99.0/24", "256.0.0.0/8", "a.b.c.d/8", "10.99.0.0/x",
            "10.99.0.0/"})
    void parse_malformed_isInvalidArgument(String text) {
        assertThatThrownBy(() -> Subnet.parse(text)).isInstanceOf(EngineException.class);
    }

    @Test
    void parse_hostBitsSet_namesTheCanonicalSubnet() {
        assertThatThrownBy(() -> Subnet.parse("10.99.0.1/24")).hasMessageContaining("it should be 10.99.0.0/24");
    }

    @Test
    void contains_andOverlaps_followPrefixes() {
        Subnet wide = Subnet.parse("10.0.0.0/8");
        Subnet narrow = Subnet.parse("10.99.0.0/24");
        assertThat(wide.contains(narrow)).isTrue();
        assertThat(narrow.contains(wide)).isFalse();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(Subnet.parse("10.99.1.0/24"))).isFalse();
        assertThat(narrow.contains(ip("10.99.0.200"))).isTrue();
        assertThat(narrow.contains(ip("10.99.1.0"))).isFalse();
        assertThat(Subnet.parse("0.0.0.0/0").contains(ip("255.255.255.255"))).isTrue();
    }

    @Test
    void hosts_iteratesBetweenNetworkAndBroadcast() {
        List<Inet4Address> hosts = new ArrayList<>();
        Subnet.parse("192.168.5.0/29").hosts().forEach(hosts::add);
        assertThat(hosts).extracting(Inet4Address::getHostAddress)
                .containsExactly("192.168.5.1", "192.168.5.2", "192.168.5.3", "192.168.5.4", "192.168.5.5",
                        "192.168.5.6");
    }

    @Test
    void highAddresses_areUnsignedSafe() {
        Subnet s = Subnet.parse("255.255.255.0/30");
        assertThat(s.broadcast()).isEqualTo(ip("255.255.255.3"));
        assertThat(s.gateway()).isEqualTo(ip("255.255.255.1"));
        assertThat(s.compareTo(Subnet.parse("10.0.0.0/8"))).isPositive();
    }

    @Test
    void gateway_ofSlash31_isRefused() {
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/31").gateway()).isInstanceOf(EngineException.class);
    }

    @Test
    void containing_clearsHostBits() {
        assertThat(Subnet.containing(ip("10.255.255.53"), 16)).isEqualTo(Subnet.parse("10.255.0.0/16"));
        assertThat(Subnet.single(ip("10.255.255.53")).toString()).isEqualTo("10.255.255.53/32");
    }
}
