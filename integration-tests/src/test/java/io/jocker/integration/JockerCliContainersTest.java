package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * jocker's own CLI ({@code ./jocker}, a process as a user runs it) against a daemon: run in the
 * foreground with exit codes and both streams, -i with binary stdin, -d, ps, logs, stop, rm,
 * inspect, and the daemon's errors with Docker's exit codes.
 */
@Tag("root")
class JockerCliContainersTest {
    private static final String IMAGE = BusyboxDaemon.IMAGE;

    @RegisterExtension
    final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result jocker(Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of("./jocker"));
        command.addAll(List.of(args));
        return Processes.run(Map.of("JOCKER_HOST", fixture.daemon().daemon.host()), command, stdin);
    }

    private Processes.Result jocker(String... args) {
        return jocker(null, args);
    }

    @Test
    void lifecycle_throughJockersOwnCli() throws Exception {
        Processes.Result fg = jocker("run", "--rm", IMAGE, "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(fg.exit()).isEqualTo(3);
        assertThat(fg.out()).isEqualTo("out\n");
        assertThat(fg.err()).isEqualTo("err\n");

        Path input = fixture.dir().resolve("input.bin");
        byte[] bytes = new byte[1 << 20];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(input, bytes);
        Processes.Result cat = jocker(input, "run", "-i", "--rm", IMAGE, "cat");
        assertThat(cat.exit()).as(cat.err()).isZero();
        assertThat(cat.outBytes()).as("1 MiB of binary stdin comes back byte-exact").isEqualTo(bytes);

        Processes.Result detached = jocker("run", "-d", "--name", "web", IMAGE, "sh", "-c", "echo started; sleep 100");
        assertThat(detached.out().strip()).matches("[0-9a-f]{64}");
        assertThat(jocker("ps", "--format", "{{.Names}} {{.Image}} {{.Status}}").out()).startsWith("web " + IMAGE + " Up ");
        long deadline = System.currentTimeMillis() + 5_000;
        while (!jocker("logs", "web").out().equals("started\n") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(jocker("logs", "web").out()).isEqualTo("started\n");
        assertThat(jocker("stop", "-t", "1", "web").out()).isEqualTo("web\n");
        assertThat(jocker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "web").out())
                .isEqualTo("exited 137\n");
        assertThat(jocker("ps", "-a", "-q").out().strip()).isEqualTo(detached.out().strip().substring(0, 12));
        assertThat(jocker("rm", "web").out()).isEqualTo("web\n");
        assertThat(jocker("ps", "-aq").out()).isEmpty();

        Processes.Result missing = jocker("run", "--rm", IMAGE, "nosuchbinary");
        assertThat(missing.exit()).isEqualTo(127);
        assertThat(missing.err()).contains("executable file not found");
        Processes.Result noImage = jocker("run", "--rm", "nosuch:1", "true");
        assertThat(noImage.exit()).isEqualTo(125);
        assertThat(noImage.err()).contains("No such image: nosuch:1");
    }
}
