package io.jocker.linux.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    private final CommandRunner local = CommandRunner.local();

    @Test
    void run_stdin_reachesTheProgramAndOutputComesBack() {
        CommandResult r = local.run(List.of("cat"), "line 1\nline 2\n");

        assertThat(r.succeeded()).isTrue();
        assertThat(r.stdout()).isEqualTo("line 1\nline 2\n");
        assertThat(r.argv()).containsExactly("cat");
    }

    @Test
    void run_largeInputAndOutput_neitherPipeStalls() {
        String big = "x".repeat(1 << 20) + "\n";

        CommandResult r = local.run(List.of("sh", "-c", "cat; cat >&2 </dev/null; head -c 300000 /dev/zero >&2"), big);

        assertThat(r.stdout()).hasSize(big.length());
        assertThat(r.stderr()).hasSize(300000);
    }

    @Test
    void run_nonZeroExit_isAResultAndOrThrowNamesTheCommand() {
        CommandResult r = local.run(List.of("sh", "-c", "echo 'RTNETLINK answers: File exists' >&2; exit 2"), null);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThatThrownBy(r::orThrow).isInstanceOf(CommandException.class)
                .hasMessageContaining("sh -c").hasMessageContaining("exit 2")
                .hasMessageContaining("RTNETLINK answers: File exists");
    }

    @Test
    void run_missingProgram_throwsCommandException() {
        assertThatThrownBy(() -> local.run(List.of("/nonexistent/jocker-tool"), null))
                .isInstanceOf(CommandException.class).hasMessageContaining("cannot start");
    }

    @Test
    void run_outlivesTimeout_isKilled() {
        CommandRunner quick = new ProcessCommandRunner(Duration.ofMillis(200));

        assertThatThrownBy(() -> quick.run(List.of("sleep", "10"), null))
                .isInstanceOf(CommandException.class).hasMessageContaining("killed after");
    }

    @Test
    void run_localeIsC_soMessagesAreEnglish() {
        assertThat(local.run(List.of("sh", "-c", "echo $LC_ALL"), null).stdout()).isEqualTo("C\n");
    }

    @Test
    void inNetworkNamespace_nests_outerNamespaceFirst() {
        RecordingCommandRunner recording = new RecordingCommandRunner();

        recording.inNetworkNamespace(Path.of("/h")).inNetworkNamespace(Path.of("/c"))
                .run(List.of("ip", "-batch", "-"), "link set lo up\n");

        assertThat(recording.calls()).singleElement().satisfies(c -> {
            assertThat(c.line()).isEqualTo("nsenter --net=/h -- nsenter --net=/c -- ip -batch -");
            assertThat(c.stdinLines()).containsExactly("link set lo up");
        });
    }

    @Test
    void recording_latestMatchingRuleWins_defaultIsSuccess() {
        RecordingCommandRunner r = new RecordingCommandRunner()
                .answer(argv -> argv.getFirst().equals("ip"), argv -> RecordingCommandRunner.failure(argv, 1, "a"))
                .answer(argv -> argv.contains("show"), argv -> CommandResult.ok(argv, "shown"));

        assertThat(r.run(List.of("ip", "link", "show"), null).stdout()).isEqualTo("shown");
        assertThat(r.run(List.of("ip", "link", "add"), null).exitCode()).isEqualTo(1);
        assertThat(r.run(List.of("iptables", "-S"), null).succeeded()).isTrue();
        assertThat(r.lines()).containsExactly("ip link show", "ip link add", "iptables -S");
    }
}
