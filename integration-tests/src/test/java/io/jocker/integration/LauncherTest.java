package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./jocker as a user runs it: the daemon as its own process, signals, flags, the client. */
class LauncherTest {
    @TempDir
    Path dir;

    private List<String> daemonCommand(String... extra) {
        List<String> command = new ArrayList<>(List.of("./jocker", "daemon", "-H", "unix://" + dir.resolve("d.sock"),
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("d.pid").toString(), "--bridge", "none"));
        command.addAll(List.of(extra));
        return command;
    }

    private Process startDaemon(String... extra) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(daemonCommand(extra)).directory(Processes.repositoryRoot().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
        Process process = builder.start();
        Processes.waitFor(dir.resolve("d.pid"), 30_000);
        Processes.waitUntilServing(dir.resolve("d.sock"), 30_000);
        return process;
    }

    @Test
    void daemon_servesTheClient_andStopsInOrderOnSigterm() throws Exception {
        // a stale socket left by a killed daemon is replaced
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(dir.resolve("d.sock")));
        }
        assertThat(dir.resolve("d.sock")).exists();
        Process daemon = startDaemon();
        try {
            Processes.Result version = Processes.run(Map.of("JOCKER_HOST", "unix://" + dir.resolve("d.sock")),
                    List.of("./jocker", "version", "--format", "{{.Server.Version}}"));
            assertThat(version.exit()).as(version.err()).isZero();
            assertThat(version.out()).isEqualTo("25.0.0\n");

            Processes.Result second = Processes.run(Map.of(), daemonCommand());
            assertThat(second.exit()).isEqualTo(1);
            assertThat(second.err()).contains("failed to start daemon:");
        } finally {
            daemon.toHandle().destroy(); // SIGTERM
            assertThat(daemon.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(daemon.exitValue()).isZero();
        assertThat(dir.resolve("d.sock")).doesNotExist();
        assertThat(dir.resolve("d.pid")).doesNotExist();
        String log = Files.readString(dir.resolve("daemon.log"));
        assertThat(log).contains("level=info msg=\"API listening on unix://").contains("Daemon shutdown complete");
    }

    @Test
    void daemon_refusesPlainTcpBeyondLoopback() {
        Processes.Result result = Processes.run(Map.of(), daemonCommand("-H", "tcp://0.0.0.0:23759"));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("plain TCP is only allowed on a loopback address");
        assertThat(dir.resolve("d.sock")).doesNotExist();
    }

    @Test
    void daemon_servesLoopbackTcpToo() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process daemon = startDaemon("-H", "tcp://127.0.0.1:" + port);
        try {
            Processes.Result version = Processes.run(Map.of(),
                    List.of("./jocker", "-H", "tcp://127.0.0.1:" + port, "version", "--format", "{{.Server.ApiVersion}}"));
            assertThat(version.out()).as(version.err()).isEqualTo("1.44\n");
        } finally {
            daemon.toHandle().destroy();
            daemon.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void daemon_configFileWithAnUnknownKey_refusesToStart() throws IOException {
        Path config = dir.resolve("daemon.json");
        Files.writeString(config, "{\"log-level\": \"debug\", \"no-such-option\": true}");
        Processes.Result result = Processes.run(Map.of(), daemonCommand("--config-file", config.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("the following directives don't match any configuration option: no-such-option");
    }

    @Test
    void daemon_unknownFlag_isAUsageError() {
        Processes.Result result = Processes.run(Map.of(), daemonCommand("--no-such-flag"));
        assertThat(result.exit()).isEqualTo(125);
        assertThat(result.err()).contains("--no-such-flag");
    }
}
