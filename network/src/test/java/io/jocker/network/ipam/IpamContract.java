package io.jocker.network.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Ipam} must show; subclasses supply the instance and a restart. */
abstract class IpamContract {
    static final String ID = "a".repeat(64);

    /** A fresh, empty IPAM. */
    abstract Ipam create();

    /** The same state as {@code before} would have after a daemon restart. */
    abstract Ipam restart(Ipam before);

    static Inet4Address ip(String s) {
        return Subnet.parseAddress(s);
    }

    static void assertKind(Throwable t, ErrorKind kind) {
        assertThat(t).isInstanceOf(EngineException.class);
        assertThat(((EngineException) t).kind()).isEqualTo(kind);
    }

    @Test
    void allocate_handsOutAddressesAfterTheGatewayInOrder() {
        Ipam ipam = create();
        Pool pool = ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        assertThat(pool.gateway()).isEqualTo(ip("10.200.0.1"));
        assertThat(ipam.allocate(ID)).isEqualTo(ip("10.200.0.2"));
        assertThat(ipam.allocate(ID)).isEqualTo(ip("10.200.0.3"));
        assertThat(ipam.pool(ID).orElseThrow().allocated()).containsExactly(ip("10.200.0.2"), ip("10.200.0.3"));
    }

    @Test
    void release_makesTheLowestAddressFreeAgain() {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        Inet4Address first = ipam.allocate(ID);
        ipam.allocate(ID);
        assertThat(ipam.release(ID, first)).isTrue();
        assertThat(ipam.release(ID, first)).isFalse();
        assertThat(ipam.allocate(ID)).isEqualTo(first);
    }

    @Test
    void allocateRequested_takenOrOutOfRange_givesDockersErrors() {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        assertThat(ipam.allocate(ID, ip("10.200.0.50"))).isEqualTo(ip("10.200.0.50"));
        assertThatThrownBy(() -> ipam.allocate(ID, ip("10.200.0.50")))
                .satisfies(t -> assertKind(t, ErrorKind.FORBIDDEN)).hasMessage("Address already in use");
        assertThatThrownBy(() -> ipam.allocate(ID, ip("10.200.0.1")))
                .satisfies(t -> assertKind(t, ErrorKind.FORBIDDEN)).hasMessage("Address already in use");
        assertThatThrownBy(() -> ipam.allocate(ID, ip("10.200.0.255"))).hasMessage("Address already in use");
        assertThatThrownBy(() -> ipam.allocate(ID, ip("10.201.0.5")))
                .satisfies(t -> assertKind(t, ErrorKind.INVALID_ARGUMENT))
                .hasMessage("Requested address is out of range");
        assertThat(ipam.allocate(ID)).isEqualTo(ip("10.200.0.2"));
    }

    @Test
    void allocate_whenFull_givesDockersExhaustionText() {
        Ipam ipam = create();
        ipam.addPool(ID, "small", Subnet.parse("10.200.0.0/29"), null);
        for (int i = 0; i < 5; i++) {
            ipam.allocate(ID);
        }
        assertThatThrownBy(() -> ipam.allocate(ID))
                .satisfies(t -> assertKind(t, ErrorKind.INTERNAL))
                .hasMessage("no available IPv4 addresses on this network's address pools: small (" + ID + ")");
    }

    @Test
    void state_survivesRestart() {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), ip("10.200.0.254"));
        ipam.allocate(ID);
        ipam.allocate(ID, ip("10.200.0.9"));
        Inet4Address released = ipam.allocate(ID);
        ipam.release(ID, released);

        Ipam after = restart(ipam);
        Pool pool = after.pool(ID).orElseThrow();
        assertThat(pool.networkName()).isEqualTo("bridge");
        assertThat(pool.subnet()).hasToString("10.200.0.0/24");
        assertThat(pool.gateway()).isEqualTo(ip("10.200.0.254"));
        assertThat(pool.allocated()).containsExactly(ip("10.200.0.1"), ip("10.200.0.9"));
        assertThat(after.allocate(ID)).isEqualTo(ip("10.200.0.2"));
        assertThatThrownBy(() -> after.allocate(ID, ip("10.200.0.9"))).hasMessage("Address already in use");
        assertThat(after.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), ip("10.200.0.254")).allocated())
                .hasSize(3);
    }

    @Test
    void removePool_forgetsItAcrossRestart() {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        ipam.allocate(ID);
        assertThat(ipam.removePool(ID)).isTrue();
        assertThat(ipam.removePool(ID)).isFalse();
        assertThatThrownBy(() -> ipam.allocate(ID)).satisfies(t -> assertKind(t, ErrorKind.NOT_FOUND));
        assertThat(restart(ipam).pool(ID)).isEmpty();
    }

    @Test
    void addPool_overlapOrDifferentSubnetOrBadGateway_isRefused() {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        assertThatThrownBy(() -> ipam.addPool("b".repeat(64), "other", Subnet.parse("10.200.0.128/25"), null))
                .satisfies(t -> assertKind(t, ErrorKind.FORBIDDEN))
                .hasMessage("Pool overlaps with other one on this address space");
        assertThatThrownBy(() -> ipam.addPool(ID, "bridge", Subnet.parse("10.201.0.0/24"), null))
                .satisfies(t -> assertKind(t, ErrorKind.CONFLICT));
        assertThatThrownBy(() -> ipam.addPool("c".repeat(64), "x", Subnet.parse("10.202.0.0/24"), ip("10.9.9.9")))
                .satisfies(t -> assertKind(t, ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("Requested address is out of range");
    }

    @Test
    void allocate_concurrently_neverHandsOutAnAddressTwice() throws Exception {
        Ipam ipam = create();
        ipam.addPool(ID, "bridge", Subnet.parse("10.200.0.0/24"), null);
        Set<Inet4Address> seen = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 100; i++) {
                futures.add(pool.submit(() -> assertThat(seen.add(ipam.allocate(ID))).isTrue()));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(seen).hasSize(100);
        assertThat(restart(ipam).pool(ID).orElseThrow().allocated()).hasSize(100);
    }
}
