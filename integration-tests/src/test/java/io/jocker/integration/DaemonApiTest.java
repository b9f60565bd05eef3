package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.api.types.host.HostAddress;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.EngineResponseException;
import io.jocker.api.types.system.InfoResponse;
import io.jocker.api.types.system.VersionResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's system endpoints through our API client: real values, stable identity, events. */
class DaemonApiTest {
    @TempDir
    Path dir;

    @Test
    void ping_headAndGet_carryTheHeadersClientsRead() throws Exception {
        try (TestDaemon daemon = new TestDaemon(dir)) {
            for (String method : List.of("HEAD", "GET")) {
                try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                        java.net.StandardProtocolFamily.UNIX)) {
                    channel.connect(java.net.UnixDomainSocketAddress.of(daemon.socket));
                    channel.write(java.nio.ByteBuffer.wrap((method + " /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                    String response = new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
                            java.nio.charset.StandardCharsets.US_ASCII);
                    assertThat(response).startsWith("HTTP/1.1 200 OK").contains("Api-Version: 1.44")
                            .contains("Ostype: linux").contains("Docker-Experimental: false")
                            .contains("Builder-Version: 1").contains("Swarm: inactive")
                            .contains("Cache-Control: no-cache, no-store, must-revalidate").contains("Pragma: no-cache")
                            .containsIgnoringCase("content-type: text/plain; charset=utf-8");
                    assertThat(response.endsWith("\r\n\r\nOK")).isEqualTo(method.equals("GET"));
                }
            }
        }
    }

    @Test
    void version_reportsTheApiRangeAndTheHost() {
        try (TestDaemon daemon = new TestDaemon(dir); EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
            VersionResponse version = client.version();
            assertThat(client.apiVersion()).isEqualTo("1.44");
            assertThat(version.apiVersion()).isEqualTo("1.44");
            assertThat(version.minApiVersion()).isEqualTo("1.24");
            assertThat(version.os()).isEqualTo("linux");
            assertThat(version.kernelVersion()).isEqualTo(readFirstLine("/proc/sys/kernel/osrelease"));
            assertThat(version.components()).extracting(VersionResponse.Component::name).contains("Engine", "jocker");
        }
    }

    @Test
    void info_reportsRealValues_andAnIdStableAcrossRestarts() {
        String firstId;
        try (TestDaemon daemon = new TestDaemon(dir); EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
            InfoResponse info = client.info();
            firstId = info.id();
            assertThat(info.ncpu()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(info.memTotal()).isPositive();
            assertThat(info.dockerRootDir()).isEqualTo(dir.resolve("data").toString());
            assertThat(info.kernelVersion()).isEqualTo(readFirstLine("/proc/sys/kernel/osrelease"));
            assertThat(info.cgroupVersion()).isIn("1", "2");
            assertThat(info.operatingSystem()).isNotBlank();
            assertThat(info.labels()).containsExactly("test=1");
            assertThat(info.containers()).isZero();
            assertThat(info.images()).isZero();
            assertThat(info.name()).isEqualTo(readFirstLine("/proc/sys/kernel/hostname"));
            assertThat(info.runtimes()).containsKey("runc");
        }
        try (TestDaemon daemon = new TestDaemon(dir); EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
            assertThat(client.info().id()).isEqualTo(firstId);
        }
    }

    @Test
    void events_replaysThePastWithinSinceAndUntil_andFilters() {
        try (TestDaemon daemon = new TestDaemon(dir); EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
            long before = System.currentTimeMillis() / 1000 - 1;
            daemon.daemon.reloaded(Map.of("log-level", "debug"));
            long after = System.currentTimeMillis() / 1000 + 1;
            List<String> lines = new ArrayList<>();
            client.events(Long.toString(before), Long.toString(after), Map.of(), event -> lines.add(event.toString()));
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).contains("\"Type\":\"daemon\"").contains("\"Action\":\"reload\"")
                    .contains("\"log-level\":\"debug\"").doesNotContain("\"status\"");

            List<String> filtered = new ArrayList<>();
            client.events(Long.toString(before), Long.toString(after), Map.of("type", Set.of("container")),
                    event -> filtered.add(event.toString()));
            assertThat(filtered).isEmpty();
        }
    }

    @Test
    void events_sinceAfterUntil_isRefusedWithDockersText() {
        try (TestDaemon daemon = new TestDaemon(dir); EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
            assertThatThrownBy(() -> client.events("200", "100", Map.of(), e -> true))
                    .isInstanceOf(EngineResponseException.class)
                    .hasMessage("`since` time (200) cannot be after `until` time (100)");
        }
    }

    @Test
    void secondDaemonOnTheSameDataRoot_isRefused() {
        try (TestDaemon daemon = new TestDaemon(dir)) {
            assertThatThrownBy(() -> new TestDaemon(dir)).hasMessageContaining("is using the data root");
            // and the first one still serves
            try (EngineClient client = new EngineClient(HostAddress.parse(daemon.host()))) {
                assertThat(client.info().id()).isNotBlank();
            }
        }
    }

    @Test
    void close_removesTheSocketAndThePidFile() {
        TestDaemon daemon = new TestDaemon(dir);
        assertThat(daemon.socket).exists();
        assertThat(dir.resolve("jocker.pid")).exists();
        daemon.close();
        assertThat(daemon.socket).doesNotExist();
        assertThat(dir.resolve("jocker.pid")).doesNotExist();
    }

    private static String readFirstLine(String path) {
        try {
            return Files.readAllLines(Path.of(path)).get(0).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
