package io.jocker.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetChooserTest {
    private static List<Subnet> subnets(String... cidrs) {
        return java.util.Arrays.stream(cidrs).map(Subnet::parse).toList();
    }

    @Test
    void defaultCandidates_avoidDockerPodmanAndTheNameserverHere() {
        assertThat(SubnetChooser.DEFAULT_CANDIDATES).first().hasToString("10.200.0.0/20");
        assertThat(SubnetChooser.DEFAULT_CANDIDATES).noneMatch(s -> s.overlaps(SubnetChooser.DOCKER_BRIDGE)
                || s.overlaps(SubnetChooser.PODMAN_NETWORK) || s.contains(Subnet.parseAddress("10.255.255.53")));
    }

    @Test
    void chooseDefault_onThisHostsRoutes_picksFirstCandidate() {
        List<Subnet> routes = HostFacts.parseRoutes("""
                default via 10.0.2.2 dev eth0 proto dhcp metric 100
                10.0.2.0/24 dev eth0 proto kernel scope link src 10.0.2.15
                10.88.0.0/16 dev cni-podman0 proto kernel scope link src 10.88.0.1
                172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
                """);
        Subnet chosen = SubnetChooser.chooseDefault(routes, List.of(Subnet.parseAddress("10.255.255.53")), Set.of());
        assertThat(chosen).hasToString("10.200.0.0/20");
    }

    @Test
    void choose_skipsRoutesNameserversExcludedAndTheWellKnownBridges() {
        List<Subnet> candidates = subnets("172.17.5.0/24", "10.88.1.0/24", "10.1.0.0/24", "10.2.0.0/24",
                "10.3.0.0/24", "10.4.0.0/24", "10.5.0.0/24");
        Subnet chosen = SubnetChooser.choose(candidates, subnets("10.1.0.128/25", "10.2.0.0/16"),
                List.of(Subnet.parseAddress("10.3.0.53")), Set.of(Subnet.parse("10.4.0.0/16")));
        assertThat(chosen).hasToString("10.5.0.0/24");
    }

    @Test
    void choose_allTaken_isUnavailableWithDockersText() {
        assertThatThrownBy(() -> SubnetChooser.choose(subnets("10.1.0.0/24"), subnets("10.0.0.0/8"), List.of(),
                Set.of()))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessage("could not find an available, non-overlapping IPv4 address pool among the defaults to "
                        + "assign to the network");
    }
}
