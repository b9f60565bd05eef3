package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jocker's own CLI against a live daemon: output shapes, templates, exit codes. */
class CliTest {
    @TempDir
    Path dir;
    TestDaemon daemon;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() {
        daemon = new TestDaemon(dir);
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private Run jocker(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, Map.of("JOCKER_HOST", daemon.host()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void version_printsClientAndServer() {
        Run run = jocker("version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("Client:\n Version:           ")
                .contains("\n API version:       1.44\n")
                .contains("\nServer: jocker ")
                .contains("\n Engine:\n  Version:          25.0.0\n")
                .contains("\n  API version:      1.44 (minimum version 1.24)\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void version_format_readsClientAndServerFields() {
        Run run = jocker("version", "--format", "{{.Server.Version}} {{.Client.ApiVersion}} {{json .Server.Os}}");
        assertThat(run.out()).isEqualTo("25.0.0 1.44 \"linux\"\n");
    }

    @Test
    void version_formatWithUnknownField_failsLikeDocker() {
        Run run = jocker("version", "--format", "{{.Nope}}");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("template: version:1:2: executing \"version\" at <.Nope>: "
                + "can't evaluate field Nope in type system.versionInfo");
    }

    @Test
    void version_unparsableFormat_exits64() {
        Run run = jocker("version", "--format", "{{.Server.Version");
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).startsWith("template parsing error: ");
    }

    @Test
    void info_printsServerSection() {
        Run run = jocker("info");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Server:\n Containers: 0\n  Running: 0\n  Paused: 0\n  Stopped: 0\n Images: 0\n")
                .contains(" Server Version: 25.0.0\n")
                .contains(" Docker Root Dir: " + dir.resolve("data") + "\n")
                .contains(" Labels:\n  test=1\n");
    }

    @Test
    void info_json_includesClientInfo() {
        Run run = jocker("info", "--format", "{{json .ClientInfo.Context}} {{.ServerVersion}} {{join .Labels \",\"}}");
        assertThat(run.out()).isEqualTo("\"default\" 25.0.0 test=1\n");
    }

    @Test
    void systemInfo_isTheSameCommand() {
        assertThat(jocker("system", "info", "--format", "{{.ServerVersion}}").out()).isEqualTo("25.0.0\n");
    }

    @Test
    void events_pastWindow_printsDockersLineShape() {
        daemon.daemon.reloaded(Map.of("log-level", "info"));
        Run run = jocker("events", "--since", "1h", "--until", "0s");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}(Z|[+-]\\d\\d:\\d\\d) daemon reload "
                + "[0-9a-f-]{36} \\(log-level=info, name=[^)]+\\)\n");
    }

    @Test
    void events_formatJson_andFilterByType() {
        daemon.daemon.reloaded(Map.of("log-level", "info"));
        assertThat(jocker("events", "--since", "1h", "--until", "0s", "--format", "{{.Type}} {{.Action}}").out())
                .isEqualTo("daemon reload\n");
        assertThat(jocker("events", "--since", "1h", "--until", "0s", "--filter", "type=container").out()).isEmpty();
        assertThat(jocker("events", "--since", "1h", "--until", "0s", "--format", "json").out())
                .startsWith("{\"Type\":\"daemon\",\"Action\":\"reload\"");
    }

    @Test
    void events_badFilterOrTime_areUsageErrors() {
        Run filter = jocker("events", "--filter", "bogus");
        assertThat(filter.exit()).isEqualTo(125);
        assertThat(filter.err()).contains("bad format of filter (expected name=value)");
        Run time = jocker("events", "--since", "garbage", "--until", "0s");
        assertThat(time.exit()).isEqualTo(1);
        assertThat(time.err()).contains("failed to parse value as time or duration: \"garbage\"");
    }

    @Test
    void unreachableDaemon_printsDockersConnectionError() {
        Run run = jocker("-H", "unix://" + dir.resolve("nothing.sock"), "version");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("Client:\n");
        assertThat(run.err()).isEqualTo("Cannot connect to the jocker daemon at unix://" + dir.resolve("nothing.sock")
                + ". Is the daemon running?\n");
    }

    @Test
    void usageErrors_exit125_unknownCommand_exits1() {
        Run flag = jocker("version", "--bogus");
        assertThat(flag.exit()).isEqualTo(125);
        assertThat(flag.err()).isEqualTo("unknown flag: --bogus\nSee 'jocker version --help'.\n");
        Run command = jocker("bogus");
        assertThat(command.exit()).isEqualTo(1);
        assertThat(command.err()).startsWith("jocker: 'bogus' is not a jocker command.");
    }
}
