package io.jocker.network.bridge;

import static io.jocker.linux.command.RecordingCommandRunner.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.linux.command.CommandResult;
import io.jocker.linux.command.RecordingCommandRunner;
import io.jocker.linux.netns.RecordingNetworkNamespaces;
import io.jocker.network.ipam.Ipam;
import io.jocker.network.ipam.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver against recording fakes: which commands and batches, in which order, and recovery. */
class LinuxBridgeNetworkTest {
    static final String A = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String B = "b0000000000000000000000000000000000000000000000000000000000000bb";

    @TempDir
    Path temp;
    RecordingCommandRunner host;
    RecordingNetworkNamespaces netns;
    Ipam ipam;
    BridgeConfig config;
    /** 0x0001, 0x0002, ... as the random veth suffixes. */
    final RandomGenerator counter = new RandomGenerator() {
        long next;

        @Override
        public long nextLong() {
            return ++next;
        }

        @Override
        public int nextInt(int bound) {
            return (int) (++next % bound);
        }
    };

    @BeforeEach
    void setUp() {
        host = new RecordingCommandRunner()
                .answer(argv -> argv.containsAll(List.of("addr", "show")),
                        argv -> failure(argv, 1, "Device \"jk0\" does not exist."))
                .answer(argv -> argv.contains("sysctl") && argv.contains("-n"), argv -> CommandResult.ok(argv, "0\n"))
                .answer(argv -> argv.contains("-C"), argv -> failure(argv, 1, "iptables: Bad rule"));
        netns = new RecordingNetworkNamespaces();
        ipam = Ipam.open(temp.resolve("ipam"));
        config = new BridgeConfig("net1", "bridge", "jk0", "JOCKER-T", Subnet.parse("10.199.77.0/24"),
                temp.resolve("state"), temp.resolve("netns"), temp.resolve("resolv.conf"));
    }

    LinuxBridgeNetwork open() {
        return LinuxBridgeNetwork.open(config, ipam, host, netns, counter, Runnable::run);
    }

    RecordingCommandRunner.Call call(String line) {
        return host.calls().stream().filter(c -> c.line().equals(line)).findFirst().orElseThrow(
                () -> new AssertionError("no call " + line + " in " + host.lines()));
    }

    @Test
    void open_freshHost_createsBridgeEnablesForwardingAndFirewall() {
        open();

        assertThat(host.lines()).containsExactly(
                "ip -o -4 addr show dev jk0",
                "ip -batch -",
                "ip -o link show master jk0",
                "sysctl -n net.ipv4.ip_forward",
                "sysctl -q -w net.ipv4.ip_forward=1",
                "iptables -w -t filter -C FORWARD -j JOCKER-T-FORWARD",
                "iptables -w -t nat -C POSTROUTING -j JOCKER-T-POSTROUTING",
                "iptables-restore -w --noflush");
        assertThat(host.calls().get(1).stdinLines()).containsExactly(
                "link add jk0 type bridge", "addr add 10.199.77.1/24 brd + dev jk0", "link set jk0 up");
        assertThat(netns.preparedDirectories()).containsExactly(temp.resolve("netns"));
        assertThat(ipam.pool("net1")).hasValueSatisfying(p -> assertThat(p.gateway().getHostAddress())
                .isEqualTo("10.199.77.1"));
    }

    @Test
    void open_bridgeAlreadyRight_onlySetsItUpAndLeavesForwardingAlone() {
        host.answer(argv -> argv.containsAll(List.of("addr", "show")), argv -> CommandResult.ok(argv,
                "7: jk0    inet 10.199.77.1/24 brd 10.199.77.255 scope global jk0\\       valid_lft forever\n"));
        host.answer(argv -> argv.contains("sysctl") && argv.contains("-n"), argv -> CommandResult.ok(argv, "1\n"));

        open();

        assertThat(call("ip -batch -").stdinLines()).containsExactly("link set jk0 up");
        assertThat(host.lines()).doesNotContain("sysctl -q -w net.ipv4.ip_forward=1");
    }

    @Test
    void open_bridgeWithAnOldSubnet_flushesAndReaddresses() {
        host.answer(argv -> argv.containsAll(List.of("addr", "show")), argv -> CommandResult.ok(argv,
                "7: jk0    inet 10.1.2.1/24 brd 10.1.2.255 scope global jk0\n"));

        open();

        assertThat(call("ip -batch -").stdinLines()).containsExactly(
                "addr flush dev jk0", "addr add 10.199.77.1/24 brd + dev jk0", "link set jk0 up");
    }

    @Test
    void open_noSubnetGiven_choosesOneClearOfRoutesAndNameservers() throws IOException {
        Files.writeString(temp.resolve("resolv.conf"), "nameserver 10.200.16.53\n");
        host.answer(argv -> argv.containsAll(List.of("route", "show")), argv -> CommandResult.ok(argv,
                "default via 192.168.1.1 dev eth0\n10.200.0.0/20 dev eth1 proto kernel scope link\n"
                        + "10.200.32.0/20 dev jk0 proto kernel scope link src 10.200.32.1\n"));
        config = new BridgeConfig("net1", "bridge", "jk0", "JOCKER-T", null, config.stateDir(), config.netnsDir(),
                config.hostResolvConf());

        BridgeNetwork network = open();

        // 10.200.0/20 is routed elsewhere, 10.200.16/20 holds the nameserver; our own bridge's route does not count.
        assertThat(network.pool().subnet()).isEqualTo(Subnet.parse("10.200.32.0/20"));
        assertThat(open().pool().subnet()).as("reopened: the pool's subnet").isEqualTo(Subnet.parse("10.200.32.0/20"));
    }

    @Test
    void connect_issuesHostAndContainerBatches_withDockerLikeNames() {
        BridgeNetwork network = open();
        host.clear();

        Endpoint e = network.connect(A);

        Path ns = temp.resolve("netns").resolve(A);
        assertThat(e).isEqualTo(new Endpoint(A, ns, Subnet.parseAddress("10.199.77.2"), 24,
                Subnet.parseAddress("10.199.77.1"), "02:42:0a:c7:4d:02", "vja1b2c3d40001"));
        assertThat(e.hostVeth().length()).isLessThanOrEqualTo(BridgeConfig.MAX_INTERFACE_NAME);
        assertThat(e.cidr()).isEqualTo("10.199.77.2/24");
        assertThat(netns.namespaces()).containsExactly(ns);
        assertThat(host.lines()).containsExactly("ip -batch -", "nsenter --net=" + ns + " -- ip -batch -");
        assertThat(host.calls().get(0).stdinLines()).containsExactly(
                "link add vja1b2c3d40001 type veth peer name eth0 address 02:42:0a:c7:4d:02 netns " + ns,
                "link set vja1b2c3d40001 master jk0 up");
        assertThat(host.calls().get(1).stdinLines()).containsExactly(
                "link set lo up",
                "addr add 10.199.77.2/24 brd + dev eth0",
                "link set eth0 up",
                "route add default via 10.199.77.1");
        assertThat(network.connect(B).address().getHostAddress()).isEqualTo("10.199.77.3");
        assertThat(network.endpoints()).extracting(Endpoint::containerId).containsExactly(A, B);
    }

    @Test
    void connect_twice_returnsTheSameEndpointWithoutCommands() {
        BridgeNetwork network = open();
        Endpoint first = network.connect(A);
        host.clear();

        assertThat(network.connect(A)).isEqualTo(first);
        assertThat(network.connect(A, first.address())).isEqualTo(first);
        assertThat(host.calls()).isEmpty();
        assertThatThrownBy(() -> network.connect(A, Subnet.parseAddress("10.199.77.9")))
                .isInstanceOf(EngineException.class).hasMessageContaining("already connected");
    }

    @Test
    void connect_requestedAddress_usedAndTakenOnesRefused() {
        BridgeNetwork network = open();

        assertThat(network.connect(A, Subnet.parseAddress("10.199.77.50")).macAddress()).isEqualTo("02:42:0a:c7:4d:32");
        assertThatThrownBy(() -> network.connect(B, Subnet.parseAddress("10.199.77.50")))
                .isInstanceOf(EngineException.class).hasMessageContaining("Address already in use");
        assertThat(netns.namespaces()).hasSize(1);
    }

    @Test
    void connect_vethNameClash_retriesWithAnotherName() {
        BridgeNetwork network = open();
        host.answer(argv -> argv.contains("-batch") && !argv.contains("nsenter"), new java.util.function.Function<>() {
            int calls;

            @Override
            public CommandResult apply(List<String> argv) {
                return ++calls == 1 ? failure(argv, 2, "RTNETLINK answers: File exists\nCommand failed -:1")
                        : CommandResult.ok(argv, "");
            }
        });

        Endpoint e = network.connect(A);

        assertThat(e.hostVeth()).isEqualTo("vja1b2c3d40002");
        assertThat(network.endpoint(A)).contains(e);
        assertThat(open().endpoint(A)).as("the record has the final name").contains(e);
    }

    @Test
    void connect_containerSideFails_undoesEverything() {
        BridgeNetwork network = open();
        host.answer(argv -> argv.getFirst().equals("nsenter"), argv -> failure(argv, 1, "Error: Nexthop has invalid gateway."));
        host.clear();

        assertThatThrownBy(() -> network.connect(A)).isInstanceOf(EngineException.class)
                .hasMessageContaining(A).hasMessageContaining("invalid gateway");

        assertThat(host.lines()).endsWith("ip link del vja1b2c3d40001");
        assertThat(netns.namespaces()).isEmpty();
        assertThat(network.pool().allocated()).isEmpty();
        assertThat(network.endpoints()).isEmpty();
        assertThat(open().endpoints()).as("no record left").isEmpty();
    }

    @Test
    void connect_namespaceFails_releasesTheAddress() {
        BridgeNetwork network = open();
        netns.failNextCreate();

        assertThatThrownBy(() -> network.connect(A)).hasMessageContaining("EPERM");
        assertThat(network.pool().allocated()).isEmpty();
        assertThat(network.connect(A).address().getHostAddress()).isEqualTo("10.199.77.2");
    }

    @Test
    void disconnect_namespaceThenVethThenAddress_andIdempotent() {
        BridgeNetwork network = open();
        Endpoint e = network.connect(A);
        host.clear();

        assertThat(network.disconnect(A)).isTrue();

        assertThat(host.lines()).containsExactly("ip link del " + e.hostVeth());
        assertThat(netns.calls()).last().isEqualTo(new RecordingNetworkNamespaces.Call("delete", e.netnsPath()));
        assertThat(netns.namespaces()).isEmpty();
        assertThat(network.pool().allocated()).isEmpty();
        assertThat(network.disconnect(A)).isFalse();
        assertThat(host.lines()).hasSize(1);
    }

    @Test
    void disconnect_returnsBeforeTheVethIsGone_andItsAddressIsNotReusedUntilThen() {
        java.util.List<Runnable> later = new java.util.concurrent.CopyOnWriteArrayList<>();
        BridgeNetwork network = LinuxBridgeNetwork.open(config, ipam, host, netns, counter, later::add);
        Endpoint a = network.connect(A);
        host.clear();

        assertThat(network.disconnect(A)).isTrue();
        assertThat(host.lines()).as("the veth goes in the background").isEmpty();
        assertThat(netns.namespaces()).as("the namespace goes at once").isEmpty();
        Endpoint b = network.connect(B);
        assertThat(b.address()).as("a's address waits for its veth to go").isNotEqualTo(a.address());
        Endpoint a2 = network.connect(A); // connected again before the reaper ran

        later.forEach(Runnable::run);
        assertThat(host.lines()).contains("ip link del " + a.hostVeth());
        assertThat(network.pool().allocated()).containsExactlyInAnyOrder(b.address(), a2.address());
        assertThat(network.endpoint(A)).contains(a2);
        ipam = Ipam.open(temp.resolve("ipam"));
        assertThat(open().endpoints()).as("a2's record survived the reap of a").containsExactly(a2, b);
    }

    @Test
    void disconnect_linkAlreadyGone_isNoError() {
        BridgeNetwork network = open();
        network.connect(A);
        host.answer(argv -> argv.contains("del"), argv -> failure(argv, 1, "Cannot find device \"vja1b2c3d40001\""));

        assertThat(network.disconnect(A)).isTrue();
        assertThat(netns.namespaces()).isEmpty();
    }

    @Test
    void open_afterRestart_relearnsEndpointsAndNeverReusesTheirAddresses() {
        BridgeNetwork before = open();
        Endpoint a = before.connect(A);
        Endpoint b = before.connect(B);
        before.disconnect(A);
        Endpoint a2 = before.connect(A);

        ipam = Ipam.open(temp.resolve("ipam")); // a new daemon: everything read back from disk
        BridgeNetwork after = open();

        assertThat(after.endpoints()).containsExactly(a2, b);
        assertThat(a2.address()).isEqualTo(a.address());
        assertThat(after.connect("c1").address().getHostAddress()).isEqualTo("10.199.77.4");
    }

    @Test
    void open_afterReboot_dropsEndpointsWhoseNamespaceIsGoneAndFreesTheirAddresses() throws IOException {
        BridgeNetwork before = open();
        Endpoint a = before.connect(A);
        before.connect(B);
        netns.delete(a.netnsPath()); // what a reboot does to a namespace
        host.clear();

        BridgeNetwork after = open();

        assertThat(after.endpoints()).extracting(Endpoint::containerId).containsExactly(B);
        assertThat(host.lines()).contains("ip link del " + a.hostVeth());
        assertThat(after.connect("c1").address()).isEqualTo(a.address());
    }

    @Test
    void open_sweepsLeakedAddressesOrphanVethsAndNamespaces() throws IOException {
        BridgeNetwork before = open();
        Endpoint b = before.connect(B);
        ipam.allocate("net1"); // a crash between allocation and record: .3 leaked
        netns.create(temp.resolve("netns").resolve("orphan"));
        host.answer(argv -> argv.containsAll(List.of("link", "show", "master")), argv -> CommandResult.ok(argv,
                "9: " + b.hostVeth() + "@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master jk0 state UP\n"
                        + "11: vjdeadbeef0001@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master jk0 state UP\n"
                        + "12: other0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master jk0 state UP\n"));
        host.clear();

        BridgeNetwork after = open();

        assertThat(after.pool().allocated()).containsExactly(b.address());
        assertThat(host.lines()).contains("ip link del vjdeadbeef0001")
                .doesNotContain("ip link del " + b.hostVeth(), "ip link del other0");
        assertThat(netns.namespaces()).containsExactly(b.netnsPath());
    }

    @Test
    void removeAll_endpointsThenFirewallThenBridgeThenPool() {
        BridgeNetwork network = open();
        Endpoint a = network.connect(A);
        host.clear();

        network.removeAll();

        List<String> lines = host.lines();
        assertThat(lines.getFirst()).isEqualTo("ip link del " + a.hostVeth());
        assertThat(lines).contains("iptables -w -t filter -X JOCKER-T-FORWARD", "iptables -w -t nat -X JOCKER-T-POSTROUTING");
        assertThat(lines.getLast()).isEqualTo("ip link del jk0");
        assertThat(lines.indexOf("iptables -w -t nat -X JOCKER-T-POSTROUTING")).isLessThan(lines.size() - 1);
        assertThat(netns.namespaces()).isEmpty();
        assertThat(netns.preparedDirectories()).isEmpty();
        assertThat(ipam.pool("net1")).isEmpty();
    }

    @Test
    void connect_manyInParallel_distinctAddressesAndNames() throws Exception {
        BridgeNetwork network = LinuxBridgeNetwork.open(config, ipam, host, netns, new java.security.SecureRandom(),
                Runnable::run);
        int n = 40;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            List<java.util.concurrent.Future<Endpoint>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = String.format("%064x", i);
                futures.add(pool.submit(() -> network.connect(id)));
            }
            for (var f : futures) {
                f.get();
            }
        }

        assertThat(network.endpoints()).hasSize(n);
        assertThat(network.endpoints().stream().map(Endpoint::address).distinct()).hasSize(n);
        assertThat(network.endpoints().stream().map(Endpoint::netnsPath).distinct()).hasSize(n);
        assertThat(network.pool().allocated()).hasSize(n);
    }

    @Test
    void connect_invalidContainerId_refused() {
        BridgeNetwork network = open();

        assertThatThrownBy(() -> network.connect("../etc")).isInstanceOf(EngineException.class)
                .hasMessageContaining("invalid container ID");
    }

    @Test
    void portNames_parsesIpLinkOneLineOutput() {
        assertThat(LinuxBridgeNetwork.portNames("5: vjab@if2: <UP> mtu 1500\n6: eth1: <UP>\n\n"))
                .containsExactly("vjab", "eth1");
    }
}
