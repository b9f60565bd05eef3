package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers through the real docker CLI, detached (attach comes later): run, wait, inspect,
 * stop with SIGKILL after the timeout, --rm, a missing binary, and nothing left behind.
 */
@Tag("root")
class ContainerRunTest {
    @RegisterExtension
    final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result dockerWithInput(Path stdin, String... args) {
        return fixture.daemon().dockerWithInput(stdin, args);
    }

    private Processes.Result docker(String... args) {
        return fixture.daemon().docker(args);
    }

    @Test
    void runDetached_waitReturnsTheExitCode_logsAreKept_rmCleansUp() throws Exception {
        Processes.Result run = docker("run", "-d", "--name", "r1", "jocker-fixture/busybox:1", "sh", "-c",
                "echo hello; exit 7");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().trim()).matches("[0-9a-f]{64}");
        assertThat(docker("wait", "r1").out().trim()).isEqualTo("7");
        assertThat(docker("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}}", "r1")
                .out().trim()).isEqualTo("exited 7 false");
        Processes.Result logs = docker("logs", "r1");
        assertThat(logs.out()).isEqualTo("hello\n");
        assertThat(docker("logs", "-t", "r1").out()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]{18}Z hello\n");
        String id = run.out().trim();
        assertThat(Files.readString(fixture.dir().resolve("data/containers").resolve(id).resolve("container.log")))
                .contains(" stdout F hello");
        assertThat(docker("rm", "r1").exit()).isZero();
        assertThat(docker("ps", "-aq").out()).isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(fixture.dir().resolve("exec/containers").toString());
        assertThat(fixture.dir().resolve("data/containers").resolve(id)).doesNotExist();
        try (Stream<Path> snapshots = Files.list(fixture.dir().resolve("data/overlay2/snapshots"))) {
            assertThat(snapshots.count()).as("only the image's layers remain").isEqualTo(4);
        }
    }

    @Test
    void stop_killsAfterTheTimeout_andRmRemovesAutoRemoveContainers() {
        assertThat(docker("run", "-d", "--name", "r2", "jocker-fixture/busybox:1", "sleep", "100").exit()).isZero();
        long before = System.nanoTime();
        assertThat(docker("stop", "-t", "1", "r2").exit()).isZero();
        assertThat((System.nanoTime() - before) / 1_000_000).isBetween(900L, 10_000L);
        assertThat(docker("inspect", "--format", "{{.State.ExitCode}}", "r2").out().trim()).isEqualTo("137");

        assertThat(docker("run", "-d", "--rm", "--name", "r3", "jocker-fixture/busybox:1", "true").exit()).isZero();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!docker("ps", "-aq", "--filter", "name=r3").out().isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(docker("ps", "-aq", "--filter", "name=r3").out()).isEmpty();
    }

    @Test
    void runInTheForeground_printsOutputOnBothStreams_andExitsWithTheContainersCode() throws Exception {
        Processes.Result run = docker("run", "--rm", "jocker-fixture/busybox:1", "sh", "-c",
                "echo hi; echo err >&2; exit 3");
        assertThat(run.exit()).as("exit, stderr: %s", run.err()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("hi\n");
        assertThat(run.err()).isEqualTo("err\n");
        for (int i = 0; i < 5; i++) {
            Processes.Result again = docker("run", "--rm", "jocker-fixture/busybox:1", "echo", "hi");
            assertThat(again.out()).as("run %d always prints hi", i).isEqualTo("hi\n");
            assertThat(again.exit()).isZero();
        }
        assertThat(docker("ps", "-aq").out()).as("--rm removed them all").isEmpty();
        String exited = docker("run", "-d", "jocker-fixture/busybox:1", "true").out().strip();
        assertThat(docker("wait", exited).out()).isEqualTo("0\n");
        Processes.Result late = docker("attach", exited);
        assertThat(late.exit()).isEqualTo(1);
        assertThat(late.err()).contains("You cannot attach to a stopped container, start it first");
        docker("rm", exited);
        try (var left = Files.list(fixture.dir().resolve("exec/socks"))) {
            assertThat(left.toList()).as("conmon's attach symlinks, whatever their length").isEmpty();
        }
    }

    @Test
    void runInteractive_passesStdinThrough_andItsEndClosesTheContainersStdin() throws Exception {
        Path input = fixture.dir().resolve("stdin.txt");
        Files.writeString(input, "hi\nsecond line\n");
        Processes.Result cat = dockerWithInput(input, "run", "-i", "--rm", "jocker-fixture/busybox:1", "cat");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.out()).isEqualTo("hi\nsecond line\n");
        Processes.Result count = dockerWithInput(input, "run", "-i", "--rm", "jocker-fixture/busybox:1",
                "sh", "-c", "wc -l; echo after stdin closed >&2");
        assertThat(count.out().strip()).isEqualTo("2");
        assertThat(count.err()).isEqualTo("after stdin closed\n");
        Processes.Result noStdin = dockerWithInput(input, "run", "--rm", "jocker-fixture/busybox:1", "cat");
        assertThat(noStdin.out()).as("without -i the container's stdin is empty").isEmpty();
        assertThat(noStdin.exit()).isZero();
    }

    /**
     * The docker CLI half-closes the attach connection when its stdin ends; output larger than the
     * socket buffer that comes after that must still arrive whole (it was cut off after a few
     * hundred KiB while the daemon's epoll loop had dropped the socket, see ParkingEpollIoHandler).
     */
    @Test
    void runInteractive_megabytesOfBinaryStdin_comeBackByteExact() throws Exception {
        java.util.Random random = new java.util.Random(7);
        for (int size : new int[] {1 << 20, 8 << 20}) {
            for (int round = 0; round < 3; round++) {
                byte[] data = new byte[size];
                random.nextBytes(data);
                Path input = fixture.dir().resolve("stdin.bin");
                Files.write(input, data);
                Processes.Result cat = dockerWithInput(input, "run", "-i", "--rm", "jocker-fixture/busybox:1", "cat");
                assertThat(cat.exit()).as("exit of round %d with %d bytes, stderr: %s", round, size, cat.err())
                        .isZero();
                assertThat(cat.outBytes().length).as("bytes back in round %d", round).isEqualTo(size);
                assertThat(java.util.Arrays.equals(cat.outBytes(), data)).as("the same bytes in round %d", round)
                        .isTrue();
            }
        }
    }

    @Test
    void runInTheForeground_megabytesOfOutputWithoutStdin_arriveWhole() {
        for (int round = 0; round < 3; round++) {
            Processes.Result run = docker("run", "--rm", "jocker-fixture/busybox:1", "sh", "-c",
                    "head -c 4000000 /dev/zero | tr '\\0' x");
            assertThat(run.exit()).as("exit of round %d, stderr: %s", round, run.err()).isZero();
            assertThat(run.out().length()).as("characters in round %d", round).isEqualTo(4_000_000);
            assertThat(run.out().chars().allMatch(c -> c == 'x')).as("only x in round %d", round).isTrue();
        }
    }

    @Test
    void runWithTty_writesThroughATerminal() {
        Processes.Result tty = docker("run", "-t", "--rm", "jocker-fixture/busybox:1", "echo", "on a tty");
        assertThat(tty.exit()).as(tty.err()).isZero();
        assertThat(tty.out()).as("a pty turns \\n into \\r\\n").isEqualTo("on a tty\r\n");
    }

    @Test
    void missingBinary_exits127_withDockersText() {
        Processes.Result run = docker("run", "-d", "jocker-fixture/busybox:1", "/nonexistent");
        assertThat(run.exit()).isEqualTo(127);
        assertThat(run.err()).contains("no such file or directory");
    }

    @Test
    void detachKeys_endTheClientsStream_andTheTtyContainerRunsOn() throws Exception {
        assertThat(docker("create", "-it", "--name", "tty", "jocker-fixture/busybox:1", "sh").exit()).isZero();
        assertThat(docker("start", "tty").exit()).isZero();
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(fixture.daemon().daemon.socket))) {
            channel.write(java.nio.ByteBuffer.wrap(("POST /containers/tty/attach?stream=1&stdin=1&stdout=1"
                    + "&detachKeys=ctrl-a,x HTTP/1.1\r\nHost: jocker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            while (!seen.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\r\n\r\n")
                    && channel.read(buffer) > 0) { // the 101 first, as clients wait for it
                seen.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            channel.write(java.nio.ByteBuffer.wrap("echo $((40+2))\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            while (!seen.toString(java.nio.charset.StandardCharsets.UTF_8).contains("42")
                    && channel.read(buffer) > 0) { // the shell's answer through the terminal
                seen.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 'x'}));
            while (channel.read(buffer) > 0) { // ends when the daemon closes the stream
                buffer.clear();
            }
            assertThat(seen.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("HTTP/1.1 101");
        }
        assertThat(docker("inspect", "-f", "{{.State.Running}}", "tty").out()).isEqualTo("true\n");
        String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
        assertThat(docker("events", "--since", "1m", "--until", until, "--filter", "event=detach", "--format",
                "{{.Actor.Attributes.name}}").out()).isEqualTo("tty\n");
        Processes.Result bad = docker("attach", "--no-stdin", "--detach-keys", "ctrl-1", "tty");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("received 400"); // the CLI shows the status only; DetachKeysTest has the text
        String socket = fixture.daemon().daemon.socket.toString();
        assertThat(curlStatus(socket, "/containers/tty/resize?h=40&w=100")).isEqualTo("200");
        String pid = docker("inspect", "-f", "{{.State.Pid}}", "tty").out();
        assertThat(docker("restart", "-t", "0", "tty").exit()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.Running}}", "tty").out()).isEqualTo("true\n");
        assertThat(docker("inspect", "-f", "{{.State.Pid}}", "tty").out()).isNotEqualTo(pid);
        assertThat(docker("stop", "-t", "0", "tty").exit()).isZero();
        assertThat(curlStatus(socket, "/containers/tty/resize?h=40&w=100")).as("not running").isEqualTo("409");
        String end = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
        assertThat(docker("events", "--since", "1m", "--until", end, "--filter", "container=tty", "--format",
                "{{.Action}}").out()).contains("resize\n", "restart\n");
        assertThat(docker("rm", "-f", "tty").exit()).isZero();
    }

    private static String curlStatus(String socket, String path) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                "--unix-socket", socket, "http://jocker" + path).start();
        String status = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        curl.waitFor();
        return status;
    }

    @Test
    void logsFollow_streamsUntilTheContainerStops_acrossRotations() throws Exception {
        assertThat(docker("run", "-d", "--name", "chatty", "--log-opt", "max-size=2k", "--log-opt", "max-file=3",
                "jocker-fixture/busybox:1", "sh", "-c",
                "i=0; while [ $i -lt 400 ]; do echo \"line $i ..............................\"; i=$((i+1));"
                        + " [ $((i % 40)) = 0 ] && sleep 0.3; done").exit()).isZero();
        Processes.Result follow = docker("logs", "-f", "chatty");
        assertThat(follow.exit()).isZero();
        String[] lines = follow.out().split("\n");
        assertThat(lines).hasSize(400);
        for (int i = 0; i < lines.length; i++) {
            assertThat(lines[i]).as("followed line %d", i).startsWith("line " + i + " ");
        }
        String id = docker("inspect", "-f", "{{.Id}}", "chatty").out().strip();
        try (var files = Files.list(fixture.dir().resolve("data/containers").resolve(id))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("container.log")).toList())
                    .as("max-file=3: the log and two rotated files").containsExactlyInAnyOrder(
                            "container.log", "container.log.1", "container.log.2");
        }
        assertThat(docker("logs", "--tail", "1", "chatty").out()).startsWith("line 399 ");

        assertThat(docker("run", "-d", "--name", "quiet", "--log-driver", "none", "jocker-fixture/busybox:1",
                "echo", "hi").exit()).isZero();
        Processes.Result none = docker("logs", "quiet");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("configured logging driver does not support reading");
        Processes.Result syslog = docker("run", "--rm", "--log-driver", "syslog", "jocker-fixture/busybox:1", "true");
        assertThat(syslog.exit()).isEqualTo(125);
        assertThat(syslog.err()).contains("logger: no log driver named 'syslog' is registered");
    }

    @Test
    void unknownImage_andNameConflict_getDockersAnswers() {
        // create answers 404 "No such image", the CLI then tries to pull: no registries yet (501)
        Processes.Result missing = docker("create", "nosuch:1");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("Unable to find image 'nosuch:1' locally");
        assertThat(docker("create", "--name", "r1", "jocker-fixture/busybox:1", "true").exit()).isZero();
        Processes.Result conflict = docker("create", "--name", "r1", "jocker-fixture/busybox:1", "true");
        assertThat(conflict.err()).contains("Conflict. The container name \"/r1\" is already in use by container");
    }
}
