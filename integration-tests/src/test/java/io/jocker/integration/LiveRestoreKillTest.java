package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live restore as a user meets it: {@code kill -9} of the daemon process while a container runs;
 * the container keeps running with the same PID, its log has no gap, and the next daemon's
 * inspect, logs, attach and stop work on it. The daemon runs with {@code --bridge none}, so this
 * test leaves the machine's network alone.
 */
@Tag("root")
class LiveRestoreKillTest {
    private static final String IMAGE = BusyboxDaemon.IMAGE;
    @TempDir
    Path dir;
    private Process daemon;
    private Path docker;

    private Process startDaemon() throws IOException, InterruptedException {
        Files.deleteIfExists(dir.resolve("d.pid"));
        Process process = new ProcessBuilder("./jocker", "daemon", "-H", "unix://" + dir.resolve("d.sock"),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("d.pid").toString(), "--bridge", "none", "--cgroup-parent", "/jocker-kill")
                .directory(Processes.repositoryRoot().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("daemon.log").toFile())).start();
        Processes.waitFor(dir.resolve("d.pid"), 30_000);
        Processes.waitUntilServing(dir.resolve("d.sock"), 30_000);
        return process;
    }

    private Processes.Result docker(String... args) {
        List<String> command = new ArrayList<>(List.of(docker.toString()));
        command.addAll(List.of(args));
        return Processes.run(Map.of("DOCKER_HOST", "unix://" + dir.resolve("d.sock"), "DOCKER_CONFIG",
                dir.resolve("docker-config").toString()), command);
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            for (String id : docker("ps", "-aq").out().split("\\s+")) {
                if (!id.isBlank()) {
                    docker("rm", "-f", id);
                }
            }
            daemon.toHandle().destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void killMinus9_containersRunOn_andTheNextDaemonTakesThemBack() throws Exception {
        docker = Processes.dockerCli().orElse(null);
        assumeTrue(docker != null, "the docker CLI is not installed on this machine");
        daemon = startDaemon();
        assertThat(docker("load", "-i", Processes.repositoryRoot().resolve("fixtures/images/busybox-only.tar")
                .toString()).exit()).isZero();
        assertThat(docker("run", "-d", "--name", "ticker", IMAGE, "sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done").exit()).isZero();
        String pid = docker("inspect", "-f", "{{.State.Pid}}", "ticker").out().strip();

        daemon.destroyForcibly(); // SIGKILL: no orderly shutdown of anything
        daemon.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertThat(Path.of("/proc", pid)).as("the container outlives its daemon").exists();
        daemon = startDaemon();

        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "ticker").out().strip())
                .isEqualTo("running " + pid);
        // a thread each: the common pool may have a single worker on a 2-core machine
        var clients = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Processes.Result> attached = CompletableFuture.supplyAsync(
                () -> docker("attach", "--no-stdin", "ticker"), clients);
        CompletableFuture<Processes.Result> followed = CompletableFuture.supplyAsync(
                () -> docker("logs", "-f", "--tail", "1", "ticker"), clients);
        Thread.sleep(700);
        assertThat(docker("stop", "-t", "1", "ticker").exit()).isZero();
        assertThat(attached.get(20, TimeUnit.SECONDS).out()).as("attach streams the live output").contains("tick");
        Processes.Result follow = followed.get(20, TimeUnit.SECONDS);
        assertThat(follow.exit()).as("logs -f ends with the container").isZero();
        assertThat(follow.out().lines().count()).isGreaterThan(2);
        String[] ticks = docker("logs", "ticker").out().split("\n");
        for (int i = 0; i < ticks.length; i++) {
            assertThat(ticks[i]).as("no gap in the log across the kill").isEqualTo("tick " + i);
        }
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "ticker").out().strip()).isEqualTo("137");
    }
}
