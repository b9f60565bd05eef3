package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test daemon with the busybox fixture image loaded, driven through the real docker CLI; closing
 * it removes every container and stops the daemon. Skips the test (an assumption) on a machine
 * without the docker CLI or conmon. Tests take one through {@link Fixture}.
 */
final class BusyboxDaemon implements AutoCloseable {
    /**
     * A JUnit extension that gives each test a fresh daemon in a temporary directory, or, registered
     * in a static field, one daemon for the whole class.
     *
     * <pre>{@code
     * @RegisterExtension
     * final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();
     * ... fixture.daemon().docker("run", "--rm", BusyboxDaemon.IMAGE, "true") ...
     * }</pre>
     */
    static final class Fixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
        private boolean perClass;
        private Path dir;
        private BusyboxDaemon daemon;

        BusyboxDaemon daemon() {
            return daemon;
        }

        /** The daemon's directory: data/, exec/ and the socket. */
        Path dir() {
            return dir;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            perClass = true;
            open();
        }

        @Override
        public void afterAll(ExtensionContext context) {
            close();
        }

        @Override
        public void beforeEach(ExtensionContext context) throws IOException {
            if (!perClass) {
                open();
            }
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (!perClass) {
                close();
            }
        }

        private void open() throws IOException {
            dir = Files.createTempDirectory("jocker-it-");
            daemon = new BusyboxDaemon(dir);
        }

        private void close() {
            try {
                if (daemon != null) {
                    daemon.close();
                }
            } finally {
                daemon = null;
                deleteTree(dir);
            }
        }

        /** Best effort, as JUnit's @TempDir: what a failed test left mounted stays for the next run's eyes. */
        private static void deleteTree(Path dir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e);
            }
        }
    }

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
        daemon.closeKeepingNetwork();
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
