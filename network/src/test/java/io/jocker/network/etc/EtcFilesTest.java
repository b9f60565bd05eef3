package io.jocker.network.etc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EtcFilesTest {
    private static final String DEFAULTS = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n";

    @Test
    void hosts_bridge_defaultsThenExtrasThenOwnLine() {
        String hosts = HostsFile.forContainer("3f4e8a1b2c3d", "", List.of("10.200.0.2"),
                List.of(ExtraHost.parse("db:10.1.2.3"), ExtraHost.parse("v6:fe80::1")));
        assertThat(hosts).isEqualTo(DEFAULTS + "10.1.2.3\tdb\nfe80::1\tv6\n10.200.0.2\t3f4e8a1b2c3d\n");
    }

    @Test
    void hosts_withDomain_namesFqdnAndShortName() {
        assertThat(HostsFile.forContainer("web", "example.com", List.of("10.200.0.3"), List.of()))
                .isEqualTo(DEFAULTS + "10.200.0.3\tweb.example.com web\n");
        assertThat(HostsFile.forContainer("web.corp", "", List.of("10.200.0.3"), List.of()))
                .endsWith("10.200.0.3\tweb.corp web\n");
    }

    @Test
    void hosts_networkNone_hasOnlyDefaults() {
        assertThat(HostsFile.forContainer("abc", "", List.of(), List.of())).isEqualTo(DEFAULTS);
    }

    @Test
    void hosts_hostNetwork_isHostFileUnlessExtraHosts() {
        String host = "127.0.0.1 localhost\n127.0.1.1 myhost\n";
        assertThat(HostsFile.forHostNetwork(host, List.of())).isEqualTo(host);
        assertThat(HostsFile.forHostNetwork(host, List.of(ExtraHost.parse("a:1.2.3.4"))))
                .isEqualTo(DEFAULTS + "1.2.3.4\ta\n");
    }

    @Test
    void hostname_isNameAndNewline() {
        assertThat(HostnameFile.content("3f4e8a1b2c3d")).isEqualTo("3f4e8a1b2c3d\n");
    }

    @Test
    void resolv_stubOnly_getsGoogleIpv4Defaults() {
        String host = "# This is /run/systemd/resolve/stub-resolv.conf\nnameserver 127.0.0.53\n"
                + "options edns0 trust-ad\nsearch lan\n";
        assertThat(ResolvConfFile.forContainer(host, DnsSettings.NONE, false)).isEqualTo(
                "# This is /run/systemd/resolve/stub-resolv.conf\noptions edns0 trust-ad\nsearch lan\n\n"
                        + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        assertThat(ResolvConfFile.isSystemdResolvedStub(host)).isTrue();
    }

    @Test
    void resolv_ipv6Network_keepsIpv6Defaults() {
        assertThat(ResolvConfFile.forContainer("nameserver ::1\n", DnsSettings.NONE, true)).isEqualTo(
                "\nnameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver 2001:4860:4860::8888\n"
                        + "nameserver 2001:4860:4860::8844");
    }

    @Test
    void resolv_mixed_dropsLocalhostAndIpv6KeepsTheRest() {
        String host = "nameserver 127.0.0.1\nnameserver 10.255.255.53\nnameserver 2001:db8::1\n"
                + "search corp.example\n";
        assertThat(ResolvConfFile.forContainer(host, DnsSettings.NONE, false))
                .isEqualTo("nameserver 10.255.255.53\nsearch corp.example\n");
        assertThat(ResolvConfFile.isSystemdResolvedStub(host)).isFalse();
    }

    @Test
    void resolv_overrides_buildSearchNameserverOptions() {
        String host = "nameserver 10.255.255.53\nsearch corp.example\noptions ndots:2\n";
        assertThat(ResolvConfFile.forContainer(host,
                new DnsSettings(List.of("1.1.1.1", "9.9.9.9"), List.of(), List.of("timeout:1")), false))
                .isEqualTo("search corp.example\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions timeout:1\n");
        assertThat(ResolvConfFile.forContainer(host, new DnsSettings(List.of(), List.of("."), List.of()), false))
                .isEqualTo("nameserver 10.255.255.53\noptions ndots:2\n");
    }

    @Test
    void resolv_hostNetwork_isHostFileUnlessOverrides() {
        String host = "nameserver 127.0.0.53\n";
        assertThat(ResolvConfFile.forHostNetwork(host, DnsSettings.NONE)).isEqualTo(host);
        assertThat(ResolvConfFile.forHostNetwork(host, new DnsSettings(List.of(), List.of("a.b"), List.of())))
                .isEqualTo("search a.b\nnameserver 127.0.0.53\n");
    }
}
