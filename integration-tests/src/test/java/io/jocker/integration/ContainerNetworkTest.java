package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.command.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default bridge through the real docker CLI: each container gets its namespace, a veth, an
 * address and the gateway route before its process starts; two containers reach each other by IP;
 * /etc/hosts, /etc/hostname and /etc/resolv.conf are the daemon's; none and host modes; network
 * events; and nothing (veth, namespace) is left once the containers are gone. The test daemon's
 * bridge and firewall live in a namespace of the test's own (TestDaemon), not on the machine.
 */
@Tag("root")
class ContainerNetworkTest {
    private static final String IMAGE = BusyboxDaemon.IMAGE;
    @RegisterExtension
    final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result docker(String... args) {
        return fixture.daemon().docker(args);
    }

    private String hostNetwork(String... argv) {
        return CommandRunner.local().inNetworkNamespace(fixture.dir().resolve("host-netns/ns")).run(List.of(argv), null)
                .orThrow().stdout();
    }

    @Test
    void twoContainersOnTheDefaultBridge_reachEachOtherByIp() throws Exception {
        assertThat(docker("run", "-d", "--name", "server", IMAGE, "httpd", "-f", "-p", "80", "-h", "/etc").exit())
                .isZero();
        String ip = docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "server").out().strip();
        assertThat(ip).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(docker("inspect", "-f", "{{range $name, $n := .NetworkSettings.Networks}}{{$name}} {{$n.IPAddress}}"
                + " {{$n.Gateway}} {{$n.MacAddress}}{{end}}", "server").out().strip())
                .matches("bridge " + ip.replace(".", "\\.") + " \\d+\\.\\d+\\.\\d+\\.1 02:42:[0-9a-f:]{11}");
        Processes.Result fetch = docker("run", "--rm", IMAGE, "wget", "-q", "-O", "-", "http://" + ip + "/hostname");
        assertThat(fetch.exit()).as(fetch.err()).isZero();
        String serverId = docker("inspect", "-f", "{{.Id}}", "server").out().strip();
        assertThat(fetch.out()).isEqualTo(serverId.substring(0, 12) + "\n");

        String inside = docker("run", "--rm", "-h", "box", IMAGE, "sh", "-c",
                "ip -4 -o addr show eth0 | awk '{print $4}'; ip route | head -1; tail -1 /etc/hosts; cat /etc/hostname")
                .out();
        assertThat(inside.split("\n")).hasSize(4);
        assertThat(inside.split("\n")[1]).startsWith("default via ");
        assertThat(inside.split("\n")[2]).endsWith("\tbox");
        assertThat(inside.split("\n")[3]).isEqualTo("box");
        assertThat(hostNetwork("ip", "-o", "link", "show", "type", "veth")).as("one veth: the server's").hasLineCount(1);

        assertThat(docker("rm", "-f", "server").exit()).isZero();
        long deadline = System.currentTimeMillis() + 5_000; // the daemon deletes veths in the background
        while (!hostNetwork("ip", "-o", "link", "show", "type", "veth").isEmpty()
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(hostNetwork("ip", "-o", "link", "show", "type", "veth")).isEmpty();
        try (var left = Files.list(fixture.dir().resolve("exec/netns"))) {
            assertThat(left.toList()).isEmpty();
        }
        String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
        assertThat(docker("events", "--since", "1m", "--until", until, "--filter", "type=network", "--format",
                "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.container}}").out())
                .contains("connect bridge " + serverId, "disconnect bridge " + serverId);
    }

    @Test
    void noneAndHostModes_andAnUnknownNetwork() throws Exception {
        assertThat(docker("run", "--rm", "--network", "none", IMAGE, "sh", "-c", "ls /sys/class/net").out())
                .isEqualTo("lo\n");
        String hostname = docker("run", "--rm", "--network", "host", IMAGE, "hostname").out().strip();
        assertThat(hostname).as("the host's, as dockerd gives it")
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        String hostsBefore = Files.readString(Path.of("/etc/hosts"));
        Processes.Result write = docker("run", "--rm", "--network", "host", IMAGE, "sh", "-c",
                "echo 10.9.9.9 intruder >> /etc/hosts && grep -c intruder /etc/hosts");
        assertThat(write.out()).as("the container writes its own copy").isEqualTo("1\n");
        assertThat(Files.readString(Path.of("/etc/hosts"))).as("never the host's file").isEqualTo(hostsBefore);
        Processes.Result unknown = docker("run", "--rm", "--network", "nosuch", IMAGE, "true");
        assertThat(unknown.exit()).isEqualTo(125);
        assertThat(unknown.err()).contains("network nosuch not found");
        assertThat(docker("ps", "-aq").out()).as("--rm removed the container whose start failed").isEmpty();
    }
}
