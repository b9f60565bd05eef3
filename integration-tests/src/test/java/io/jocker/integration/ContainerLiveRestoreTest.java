package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live restore through the real docker CLI: containers outlive their daemon, and the next daemon
 * picks them up — same PIDs, logs without a gap, stop and attach work, an exit that happened in
 * between shows its real code, and after a reboot (another boot ID) running containers read as
 * exited 255. The kill -9 variant runs in the soak suite (DaemonKillSoakTest).
 */
@Tag("root")
class ContainerLiveRestoreTest {
    private static final String IMAGE = BusyboxDaemon.IMAGE;
    @RegisterExtension
    final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result docker(String... args) {
        return fixture.daemon().docker(args);
    }

    @Test
    void runningContainers_surviveTheDaemon_andTheNextOneControlsThem() throws Exception {
        assertThat(docker("run", "-d", "--name", "ticker", IMAGE, "sh", "-c",
                "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done").exit()).isZero();
        assertThat(docker("run", "-d", "--name", "brief", IMAGE, "sh", "-c", "sleep 1; exit 42").exit()).isZero();
        String pid = docker("inspect", "-f", "{{.State.Pid}}", "ticker").out().strip();

        fixture.daemon().daemon.closeKeepingNetwork();
        Thread.sleep(1500); // "brief" ends while no daemon watches
        fixture.daemon().daemon = new TestDaemon(fixture.dir());

        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.Pid}}", "ticker").out().strip())
                .isEqualTo("running " + pid);
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "brief").out().strip())
                .isEqualTo("exited 42");
        assertThat(docker("stop", "-t", "1", "ticker").exit()).isZero();
        assertThat(docker("inspect", "-f", "{{.State.ExitCode}}", "ticker").out().strip()).isEqualTo("137");
        String[] ticks = docker("logs", "ticker").out().split("\n");
        assertThat(ticks.length).isGreaterThan(15);
        for (int i = 0; i < ticks.length; i++) {
            assertThat(ticks[i]).as("no gap in the log across the restart").isEqualTo("tick " + i);
        }
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("stopped containers keep no mount")
                .doesNotContain(fixture.dir().resolve("exec/containers").toString());
    }

    @Test
    void afterAReboot_runningContainersReadAsExited255_andRemoveCleanly() throws Exception {
        assertThat(docker("run", "-d", "--name", "old", IMAGE, "sleep", "100").exit()).isZero();
        String id = docker("inspect", "-f", "{{.Id}}", "old").out().strip();
        fixture.daemon().daemon.closeKeepingNetwork();
        // what a reboot does: the processes are gone and the kernel has another boot ID
        String conmon = Files.readString(fixture.dir().resolve("exec/containers").resolve(id).resolve("conmon.pid")).strip();
        new ProcessBuilder("kill", "-9", conmon).start().waitFor();
        new ProcessBuilder("runc", "--root", fixture.dir().resolve("exec/runc").toString(), "kill", id, "KILL").start()
                .waitFor();
        Files.writeString(fixture.dir().resolve("exec/boot_id"), "an-earlier-boot\n");
        fixture.daemon().daemon = new TestDaemon(fixture.dir());
        assertThat(docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "old").out().strip())
                .isEqualTo("exited 255");
        assertThat(docker("rm", "old").exit()).isZero();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(fixture.dir().resolve("exec/containers").toString());
    }
}
