package io.jocker.runtime.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConmonLauncherTest {
    @Test
    void parseSyncLine_pid_returnsPid() {
        assertThat(ConmonLauncher.parseSyncLine("{\"data\": 4242}", "ctx")).isEqualTo(4242);
    }

    @Test
    void parseSyncLine_failure_carriesRuntimeMessage() {
        String line = "{\"data\": -1, \"message\": \"time=\\\"2026-01-01T00:00:00Z\\\" level=error "
                + "msg=\\\"runc create failed: unable to start container process: exec: \\\\\\\"nope\\\\\\\": "
                + "executable file not found in $PATH\\\"\\n\"}";
        assertThatThrownBy(() -> ConmonLauncher.parseSyncLine(line, "creating container x"))
                .isInstanceOf(EngineException.class)
                .hasMessage("failed to create task for container: failed to create shim task: OCI runtime create "
                        + "failed: runc create failed: unable to start container process: exec: \"nope\": "
                        + "executable file not found in $PATH: unknown");
    }

    @Test
    void readLine_stopsAtNewline() throws Exception {
        var in = new ByteArrayInputStream("{\"data\": 1}\nmore".getBytes(StandardCharsets.UTF_8));
        assertThat(ConmonLauncher.readLine(in)).isEqualTo("{\"data\": 1}");
        assertThat(in.available()).isEqualTo(4);
        assertThat(ConmonLauncher.readLine(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void command_interactive_matchesRecipe() {
        var l = new ConmonLauncher(Path.of("/usr/bin/conmon"), Path.of("/usr/sbin/runc"), Duration.ofSeconds(5));
        var r = new LaunchRequest("id1", "web", Path.of("/b"), Path.of("/b/ctr.log"), Path.of("/r/exits"),
                Path.of("/r/socks"), Path.of("/r/runc"), true, false, true);
        assertThat(String.join(" ", l.command(r))).isEqualTo(
                "/bin/sh -c exec \"$0\" \"$@\" 3>\"$_JOCKER_SYNC_FIFO\" 4<&0 </dev/null >/dev/null /usr/bin/conmon --api-version 1"
                        + " -c id1 -u id1 -n web -r /usr/sbin/runc -b /b -p /b/pidfile -P /b/conmon.pid"
                        + " -l k8s-file:/b/ctr.log --exit-dir /r/exits --socket-dir-path /r/socks -0 /b"
                        + " --runtime-arg=--root=/r/runc --log-level info -i --leave-stdin-open");
    }
}
