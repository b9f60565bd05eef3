package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon at random moments during a 200 MB five-layer load, ten times: after each
 * restart no partial image is listed, no blob, layer or snapshot without an image remains, and
 * the final load succeeds. Root (overlay whiteouts); slow, so in scripts/soak.
 */
@Tag("soak")
@Tag("root")
class LoadKillSoakTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void killedDuringLoad_leavesNothingHalfStored() throws Exception {
        Path archive = dir.resolve("big.tar");
        ImageArchives.write(archive, "soak/big:1", 5, 40 << 20, 42);
        String imageId = ImageArchives.imageId(archive);
        Path socket = dir.resolve("d.sock");
        Map<String, String> env = Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dir.resolve("dc").toString());
        String docker = Processes.dockerCli().orElseThrow().toString();
        for (int round = 0; round < 10; round++) {
            Process daemon = startDaemon(socket, round);
            try {
                Processes.waitUntilServing(socket, 30_000);
                assertThat(Processes.run(env, List.of(docker, "images", "-q")).out())
                        .as("round %d: no partial image after the restart", round).isEmpty();
                assertThat(count("data/content/blobs/sha256")).as("round %d: orphan blobs", round).isZero();
                assertThat(count("data/overlay2/snapshots")).as("round %d: orphan snapshots", round).isZero();
                ProcessBuilder load = new ProcessBuilder(docker, "load", "-q", "-i", archive.toString());
                load.environment().putAll(env);
                Process loading = load.redirectErrorStream(true).redirectOutput(dir.resolve("load.log").toFile()).start();
                Thread.sleep(ThreadLocalRandom.current().nextInt(100, 2500));
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9 mid-load
                loading.waitFor(30, TimeUnit.SECONDS);
                if (loading.exitValue() == 0) {
                    // the load finished before the kill: remove it so the next round starts empty
                    daemon = startDaemon(socket, round);
                    Processes.waitUntilServing(socket, 30_000);
                    Processes.run(env, List.of(docker, "rmi", "soak/big:1"));
                }
            } finally {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        Process daemon = startDaemon(socket, 99);
        try {
            Processes.waitUntilServing(socket, 30_000);
            Processes.Result load = Processes.run(env, List.of(docker, "load", "-i", archive.toString()));
            assertThat(load.exit()).as(load.err()).isZero();
            assertThat(Processes.run(env, List.of(docker, "image", "inspect", "--format", "{{.Id}}", "soak/big:1"))
                    .out().trim()).isEqualTo(imageId);
        } finally {
            daemon.toHandle().destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Process startDaemon(Path socket, int round) throws Exception {
        return new ProcessBuilder("./jocker", "daemon", "-H", "unix://" + socket, "--data-root",
                dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(), "--pidfile",
                dir.resolve("d.pid").toString(), "--bridge", "none").directory(Processes.repositoryRoot().toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon-" + round + ".log").toFile()).start();
    }

    private long count(String relative) throws Exception {
        Path path = dir.resolve(relative);
        if (!Files.isDirectory(path)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.count();
        }
    }
}
