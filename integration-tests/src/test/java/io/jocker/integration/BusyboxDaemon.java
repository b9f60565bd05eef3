package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test daemon with the busybox fixture image loaded, driven through the real docker CLI; closing
 * it removes every container and stops the daemon. Skips the test (an assumption) on a machine
 * without the docker CLI or conmon.
 */
final class BusyboxDaemon implements AutoCloseable {
    static final String IMAGE = "jocker-fixture/busybox:1";

    final Path dir;
    TestDaemon daemon;
    private final Path docker;

    BusyboxDaemon(Path dir) {
        this.dir = dir;
        this.docker = Processes.dockerCli().orElse(null);
        assumeTrue(docker != null, "the docker CLI is not installed on this machine");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/conmon")), "conmon is not installed (scripts/install-deps)");
        this.daemon = new TestDaemon(dir);
        Processes.Result load = docker("load", "-i",
                Processes.repositoryRoot().resolve("fixtures/images/busybox-only.tar").toString());
        assertThat(load.exit()).as(load.err()).isZero();
    }

    /**
     * Stops the daemon in order and starts a new one on the same roots: its containers keep running
     * (their shims hold them), as after a daemon upgrade.
     */
    void restart() {
        daemon.close();
        daemon = new TestDaemon(dir);
    }

    Processes.Result docker(String... args) {
        return dockerWithInput(null, args);
    }

    Processes.Result dockerWithInput(Path stdin, String... args) {
        return Processes.docker(docker, daemon, dir, stdin, args);
    }

    @Override
    public void close() {
        for (String id : docker("ps", "-aq").out().split("\\s+")) {
            if (!id.isBlank()) {
                docker("rm", "-f", id);
            }
        }
        daemon.close();
    }
}
