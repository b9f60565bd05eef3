package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon at random moments, 25 times: every restart must find its data root free
 * (the kernel dropped the lock), replace the stale socket and pid file, keep the engine ID, and
 * serve. Slow (a JVM start per round), so it runs in scripts/soak, not in CI.
 */
@Tag("soak")
class DaemonKillSoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void killedDaemon_restartsCleanly_everyTime() throws Exception {
        Path socket = dir.resolve("d.sock");
        List<String> command = List.of("./jocker", "daemon", "-H", "unix://" + socket, "--data-root",
                dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(), "--pidfile",
                dir.resolve("d.pid").toString(), "--bridge", "none");
        String firstId = null;
        for (int round = 0; round < 25; round++) {
            Process daemon = new ProcessBuilder(command).directory(Processes.repositoryRoot().toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon-" + round + ".log").toFile()).start();
            try {
                if (round % 2 == 1) {
                    // half the rounds die while still starting up
                    Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    continue;
                }
                Processes.waitUntilServing(socket, 30_000);
                Processes.Result id = Processes.run(Map.of("JOCKER_HOST", "unix://" + socket),
                        List.of("./jocker", "info", "--format", "{{.ID}}"));
                assertThat(id.exit()).as("round %d: %s", round, id.err()).isZero();
                if (firstId == null) {
                    firstId = id.out();
                }
                assertThat(id.out()).as("engine ID in round %d", round).isEqualTo(firstId);
            } finally {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
            }
        }
        assertThat(Files.list(dir.resolve("data").resolve("engine")).map(p -> p.getFileName().toString()))
                .as("no temporary record files left behind").allMatch(name -> !name.endsWith(".tmp"));
    }
}
