package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real docker CLI accepts jocker as its engine. The CLI is part of these machines
 * (/usr/local/bin/docker, v28); where it is missing the tests are skipped and say why.
 */
class DockerCliCompatibilityTest {
    @TempDir
    Path dir;
    TestDaemon daemon;
    Path docker;

    @BeforeEach
    void start() {
        docker = Processes.dockerCli().orElse(null);
        assumeTrue(docker != null, "the docker CLI is not installed on this machine");
        daemon = new TestDaemon(dir);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private Processes.Result docker(String... args) {
        return Processes.docker(docker, daemon, dir, null, args);
    }

    @Test
    void dockerVersion_printsClientAndServerWithoutError() {
        Processes.Result result = docker("version");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("Client:").contains("Server: jocker")
                .contains("API version:       1.44 (downgraded from")
                .contains("API version:      1.44 (minimum version 1.24)");
    }

    @Test
    void dockerInfo_printsTheServerSection() {
        Processes.Result result = docker("info");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Server:\n Containers: 0").contains("Server Version: 25.0.0")
                .contains("Docker Root Dir: " + dir.resolve("data"));
    }

    @Test
    void dockerEvents_pastWindow_returnsAndShowsEvents() throws InterruptedException {
        daemon.daemon.reloaded(Map.of("log-level", "info"));
        // The docker CLI sends "--until 0s" as whole seconds (as it does to dockerd): let the second
        // in which the event happened end, or the event lies after "until".
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 20);
        Processes.Result empty = docker("events", "--since", "1h", "--until", "1s", "--filter", "type=container");
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.out()).isEmpty();
        Processes.Result json = docker("events", "--since", "1h", "--until", "0s", "--format", "{{json .}}");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{\"Type\":\"daemon\",\"Action\":\"reload\"");
        Processes.Result pretty = docker("events", "--since", "1h", "--until", "0s");
        assertThat(pretty.out()).contains(" daemon reload ").contains("(log-level=info, name=");
    }

    @Test
    void dockerVersionFormat_readsServerFields() {
        Processes.Result result = docker("version", "--format", "{{.Server.Version}}/{{.Server.APIVersion}}");
        assertThat(result.out().trim()).isEqualTo("25.0.0/1.44");
    }

    @Test
    void dockerCommandOnAMissingEndpoint_getsTheDaemonsMessage() {
        // volumes are a later issue: their endpoints do not exist yet
        Processes.Result result = docker("volume", "inspect", "nosuch");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("page not found");
        Processes.Result container = docker("container", "inspect", "nosuch");
        assertThat(container.err()).contains("No such container: nosuch");
    }
}
