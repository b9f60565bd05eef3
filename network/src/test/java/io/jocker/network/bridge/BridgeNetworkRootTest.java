package io.jocker.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.command.CommandResult;
import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.mount.MountInfo;
import io.jocker.linux.mount.Mounter;
import io.jocker.linux.netns.NetworkNamespaces;
import io.jocker.network.ipam.Ipam;
import io.jocker.network.ipam.Subnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole network inside a private "host" network namespace this test makes
 * (reference/host-recipes.md §5): its own bridge, firewall rules, {@code ip_forward} and a FORWARD
 * policy of DROP as a co-installed Docker sets it, plus an "outside" namespace on 10.199.78.0/24
 * that runs an HTTP server answering with the peer address it sees. Nothing here touches the real
 * host's links or firewall, and every packet starts and ends in a namespace made here.
 */
@Tag("root")
class BridgeNetworkRootTest {
    static final String BRIDGE = "jkt0";
    static final String PREFIX = "JOCKER-IT";
    static final String OUTSIDE_ADDRESS = "10.199.78.2";
    static final String OUTSIDE_GATEWAY = "10.199.78.1";

    @TempDir
    Path temp;
    final NetworkNamespaces namespaces = NetworkNamespaces.nativeNamespaces();
    Path world;
    Path hostNs;
    Path outsideNs;
    CommandRunner host;
    Process server;
    Ipam ipam;
    BridgeConfig config;
    final List<BridgeNetwork> opened = new ArrayList<>();

    @BeforeEach
    void makeWorld() throws IOException {
        world = temp.resolve("world");
        namespaces.prepareDirectory(world);
        hostNs = world.resolve("host");
        outsideNs = world.resolve("outside");
        namespaces.create(hostNs);
        namespaces.create(outsideNs);
        host = CommandRunner.local().inNetworkNamespace(hostNs);
        // Guard: from here on, "host" must be the empty namespace made above, never the real one.
        assertThat(host.run(List.of("ip", "-o", "link", "show"), null).orThrow().stdout().lines())
                .singleElement().asString().contains(": lo:");
        host.run(List.of("ip", "-batch", "-"), String.join("\n",
                "link set lo up",
                "link add vout type veth peer name eth0 netns " + outsideNs,
                "addr add " + OUTSIDE_GATEWAY + "/24 dev vout",
                "link set vout up") + "\n").orThrow();
        CommandRunner.local().inNetworkNamespace(outsideNs).run(List.of("ip", "-batch", "-"), String.join("\n",
                "link set lo up",
                "addr add " + OUTSIDE_ADDRESS + "/24 dev eth0",
                "link set eth0 up") + "\n").orThrow();
        // What Docker does to a host, and a host that does not forward yet.
        host.run(List.of("iptables", "-w", "-P", "FORWARD", "DROP"), null).orThrow();
        host.run(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=0"), null).orThrow();
        startServer();
        ipam = Ipam.open(temp.resolve("ipam"));
        config = new BridgeConfig("net1", "bridge", BRIDGE, PREFIX, Subnet.parse("10.199.77.0/24"),
                temp.resolve("state"), temp.resolve("netns"), temp.resolve("resolv.conf"));
    }

    /** busybox httpd in "outside", with a CGI that prints the client address it sees. */
    void startServer() throws IOException {
        Path www = temp.resolve("www");
        Path cgi = Files.createDirectories(www.resolve("cgi-bin")).resolve("addr");
        Files.writeString(cgi, "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho \"$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        server = new ProcessBuilder("nsenter", "--net=" + outsideNs, "--", "busybox", "httpd", "-f", "-p", "8080",
                "-h", www.toString()).redirectErrorStream(true).start();
    }

    @AfterEach
    void destroyWorld() throws Exception {
        for (BridgeNetwork n : opened.reversed()) {
            try {
                n.removeAll();
            } catch (RuntimeException ignored) {
                // The namespaces go below anyway, and with them everything in them.
            }
        }
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (String name : namespaces.list(temp.resolve("netns"))) {
            namespaces.delete(temp.resolve("netns").resolve(name));
        }
        namespaces.delete(outsideNs);
        namespaces.delete(hostNs); // takes the bridge, the veths and our rules with it
        List<MountInfo> mounts = Mounter.nativeMounter().mountsUnder(temp);
        for (int i = mounts.size() - 1; i >= 0; i--) {
            Mounter.nativeMounter().unmount(mounts.get(i).mountPoint(), true);
        }
    }

    BridgeNetwork open() {
        BridgeNetwork n = BridgeNetwork.open(config, ipam, host, namespaces);
        opened.add(n);
        return n;
    }

    static CommandResult in(Endpoint e, String... argv) {
        return CommandRunner.local().inNetworkNamespace(e.netnsPath()).run(List.of(argv), null);
    }

    static boolean ping(Endpoint from, String address) {
        return in(from, "busybox", "ping", "-c1", "-W1", address).succeeded();
    }

    /**
     * The client address the server saw, or empty when it could not be reached. busybox nc rather
     * than wget, whose 1.35 build crashes (SIGSEGV) on the CGI's answer; httpd listens on an IPv6
     * socket, so the address comes back as "[::ffff:A.B.C.D]".
     */
    static java.util.Optional<String> fetchPeerAddress(Endpoint from) {
        CommandResult r = CommandRunner.local().inNetworkNamespace(from.netnsPath()).run(
                List.of("busybox", "nc", "-w", "2", OUTSIDE_ADDRESS, "8080"), "GET /cgi-bin/addr HTTP/1.0\r\n\r\n");
        List<String> lines = r.stdout().lines().filter(l -> !l.isBlank()).toList();
        if (!r.succeeded() || lines.isEmpty() || !lines.getFirst().contains(" 200 ")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(lines.getLast().strip().replace("[::ffff:", "").replace("]", ""));
    }

    List<String> forwardRules() {
        return host.run(List.of("iptables", "-w", "-S", "FORWARD"), null).orThrow().stdout().lines().toList();
    }

    @Test
    void containersReachEachOtherAndTheOutsideThroughMasquerade_withForwardPolicyDrop() {
        BridgeNetwork network = open();
        Endpoint a = network.connect("aaaa0000aaaa0000");
        Endpoint b = network.connect("bbbb0000bbbb0000");

        assertThat(ping(a, b.address().getHostAddress())).as("a -> b").isTrue();
        assertThat(ping(b, a.address().getHostAddress())).as("b -> a").isTrue();
        assertThat(ping(a, a.gateway().getHostAddress())).as("a -> gateway").isTrue();
        assertThat(fetchPeerAddress(a)).as("the server sees the host side").contains(OUTSIDE_GATEWAY);
        assertThat(forwardRules()).startsWith("-P FORWARD DROP", "-A FORWARD -j " + PREFIX + "-FORWARD");
        assertThat(host.run(List.of("sysctl", "-n", "net.ipv4.ip_forward"), null).stdout().strip()).isEqualTo("1");
        String eth0 = in(a, "ip", "-o", "link", "show", "eth0").orThrow().stdout();
        assertThat(eth0).contains("link/ether " + a.macAddress());
        String route = in(a, "ip", "route", "show", "default").orThrow().stdout();
        assertThat(route).contains("default via " + a.gateway().getHostAddress() + " dev eth0");
    }

    @Test
    void withoutOurForwardJump_theOutsideIsUnreachable_andReopeningRestoresItOnce() {
        BridgeNetwork network = open();
        Endpoint a = network.connect("aaaa0000aaaa0000");
        host.run(List.of("iptables", "-w", "-D", "FORWARD", "-j", PREFIX + "-FORWARD"), null).orThrow();

        assertThat(fetchPeerAddress(a)).as("dropped by the FORWARD policy").isEmpty();

        BridgeNetwork restarted = open(); // a daemon restart
        assertThat(restarted.endpoints()).containsExactly(a);
        assertThat(fetchPeerAddress(a)).contains(OUTSIDE_GATEWAY);
        open();
        assertThat(forwardRules()).filteredOn(r -> r.contains("-j " + PREFIX + "-FORWARD")).hasSize(1);
        String nat = host.run(List.of("iptables", "-w", "-t", "nat", "-S"), null).orThrow().stdout();
        assertThat(nat.lines().filter(l -> l.contains("-j " + PREFIX + "-POSTROUTING"))).hasSize(1);
        assertThat(nat.lines().filter(l -> l.contains("MASQUERADE"))).hasSize(1);
    }

    @Test
    void restart_keepsEndpointsAndTheirAddresses() {
        BridgeNetwork before = open();
        Endpoint a = before.connect("aaaa0000aaaa0000");

        ipam = Ipam.open(temp.resolve("ipam"));
        BridgeNetwork after = open();
        Endpoint b = after.connect("bbbb0000bbbb0000");

        assertThat(after.endpoints()).containsExactly(a, b);
        assertThat(b.address()).isNotEqualTo(a.address());
        assertThat(ping(b, a.address().getHostAddress())).isTrue();
    }

    @Test
    void disconnectAndRemoveAll_leaveNothingBehind() throws IOException {
        BridgeNetwork network = open();
        Endpoint a = network.connect("aaaa0000aaaa0000");
        network.connect("bbbb0000bbbb0000");

        assertThat(network.disconnect(a.containerId())).isTrue();
        assertThat(network.disconnect(a.containerId())).isFalse();
        assertThat(host.run(List.of("ip", "link", "show", a.hostVeth()), null).succeeded()).isFalse();
        assertThat(Files.exists(a.netnsPath())).isFalse();
        network.removeAll();
        network.removeAll();

        assertThat(host.run(List.of("ip", "-o", "link", "show"), null).orThrow().stdout().lines()
                .map(l -> LinuxBridgeNetwork.portNames(l).getFirst())).containsExactlyInAnyOrder("lo", "vout");
        assertThat(host.run(List.of("iptables-save"), null).orThrow().stdout()).doesNotContain(PREFIX);
        assertThat(namespaces.list(temp.resolve("netns"))).isEmpty();
        assertThat(Mounter.nativeMounter().mountsUnder(temp.resolve("netns"))).isEmpty();
        assertThat(ipam.pool("net1")).isEmpty();
        try (var records = Files.list(temp.resolve("state").resolve("endpoints"))) {
            assertThat(records).isEmpty();
        }
    }

    @Test
    void timing_connectAndDisconnectPerContainer() {
        java.util.concurrent.atomic.AtomicLong inCommands = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicInteger commands = new java.util.concurrent.atomic.AtomicInteger();
        CommandRunner outer = host;
        host = (argv, stdin) -> {
            long t = System.nanoTime();
            try {
                return outer.run(argv, stdin);
            } finally {
                inCommands.addAndGet(System.nanoTime() - t);
                commands.incrementAndGet();
            }
        };
        BridgeNetwork network = open();
        network.connect("warmup0000");
        network.disconnect("warmup0000");
        int n = 10;
        inCommands.set(0);
        commands.set(0);
        long start = System.nanoTime();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            endpoints.add(network.connect(String.format("c%015x", i)));
        }
        long connected = System.nanoTime();
        long connectCommands = inCommands.getAndSet(0);
        int connectCount = commands.getAndSet(0);
        for (Endpoint e : endpoints) {
            network.disconnect(e.containerId());
        }
        long disconnected = System.nanoTime();
        long spawn = System.nanoTime();
        for (int i = 0; i < n; i++) {
            host.run(List.of("true"), null);
        }
        long spawned = System.nanoTime();
        System.out.printf("bridge endpoint: connect %.1f ms (%d commands, %.1f ms in them), disconnect %.1f ms"
                        + " (%.1f ms in commands) per container; one nsenter+true in the test host: %.1f ms%n",
                (connected - start) / 1e6 / n, connectCount / n, connectCommands / 1e6 / n,
                (disconnected - connected) / 1e6 / n, inCommands.get() / 1e6 / n, (spawned - spawn) / 1e6 / n);
        assertThat(network.endpoints()).isEmpty();
    }
}
