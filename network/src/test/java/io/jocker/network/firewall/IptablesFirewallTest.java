package io.jocker.network.firewall;

import static io.jocker.linux.command.RecordingCommandRunner.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.linux.command.RecordingCommandRunner;
import io.jocker.network.ipam.Subnet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IptablesFirewallTest {
    final RecordingCommandRunner runner = new RecordingCommandRunner();
    final Firewall firewall = Firewall.iptables(runner, "JOCKER", "jocker0", Subnet.parse("10.200.0.0/20"));

    @Test
    void ensure_noJumpsYet_oneTransactionWithChainsRulesAndBothJumps() {
        runner.answer(argv -> argv.contains("-C"), argv -> failure(argv, 1, "iptables: Bad rule (does a matching rule exist in that chain?)."));

        firewall.ensure();

        assertThat(runner.lines()).containsExactly(
                "iptables -w -t filter -C FORWARD -j JOCKER-FORWARD",
                "iptables -w -t nat -C POSTROUTING -j JOCKER-POSTROUTING",
                "iptables-restore -w --noflush");
        assertThat(runner.calls().get(2).stdinLines()).containsExactly(
                "*filter",
                ":JOCKER-FORWARD - [0:0]",
                "-A JOCKER-FORWARD -i jocker0 -j ACCEPT",
                "-A JOCKER-FORWARD -o jocker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-I FORWARD 1 -j JOCKER-FORWARD",
                "COMMIT",
                "*nat",
                ":JOCKER-POSTROUTING - [0:0]",
                "-A JOCKER-POSTROUTING -s 10.200.0.0/20 ! -o jocker0 -j MASQUERADE",
                "-A POSTROUTING -j JOCKER-POSTROUTING",
                "COMMIT");
    }

    @Test
    void ensure_jumpsPresent_rewritesChainsButAddsNoSecondJump() {
        firewall.ensure(); // the fake answers every -C with success

        assertThat(runner.calls().get(2).stdinLines())
                .noneMatch(l -> l.startsWith("-I FORWARD") || l.startsWith("-A POSTROUTING"))
                .contains(":JOCKER-FORWARD - [0:0]", ":JOCKER-POSTROUTING - [0:0]");
    }

    @Test
    void ensure_restoreFails_internalErrorNamesChainsAndTool() {
        runner.answer(argv -> argv.getFirst().equals("iptables-restore"),
                argv -> failure(argv, 4, "iptables-restore: line 3 failed"));

        assertThatThrownBy(firewall::ensure).isInstanceOf(EngineException.class)
                .hasMessageContaining("JOCKER-FORWARD").hasMessageContaining("line 3 failed");
    }

    @Test
    void remove_deletesEveryJumpCopyThenFlushesAndDeletesChains() {
        AtomicInteger copies = new AtomicInteger(2);
        runner.answer(argv -> argv.contains("-D") && argv.contains("FORWARD"),
                argv -> copies.getAndDecrement() > 0 ? io.jocker.linux.command.CommandResult.ok(argv, "")
                        : failure(argv, 1, "iptables: Bad rule (does a matching rule exist in that chain?)."));
        runner.answer(argv -> argv.contains("-D") && argv.contains("POSTROUTING"),
                argv -> failure(argv, 2, "iptables v1.8.9 (nf_tables): Chain 'JOCKER-POSTROUTING' does not exist"));

        firewall.remove();

        assertThat(runner.lines()).containsExactly(
                "iptables -w -t filter -D FORWARD -j JOCKER-FORWARD",
                "iptables -w -t filter -D FORWARD -j JOCKER-FORWARD",
                "iptables -w -t filter -D FORWARD -j JOCKER-FORWARD",
                "iptables -w -t filter -F JOCKER-FORWARD",
                "iptables -w -t filter -X JOCKER-FORWARD",
                "iptables -w -t nat -D POSTROUTING -j JOCKER-POSTROUTING",
                "iptables -w -t nat -F JOCKER-POSTROUTING",
                "iptables -w -t nat -X JOCKER-POSTROUTING");
    }

    @Test
    void remove_nothingThere_isNoError() {
        runner.answer(argv -> true, argv -> failure(argv, 1, "iptables: No chain/target/match by that name."));

        firewall.remove();

        assertThat(runner.lines()).hasSize(6);
    }

    @Test
    void remove_unexpectedFailure_throws() {
        runner.answer(argv -> argv.contains("-X"), argv -> failure(argv, 4, "iptables: Resource temporarily unavailable."));

        assertThatThrownBy(firewall::remove).isInstanceOf(EngineException.class)
                .hasMessageContaining("Resource temporarily unavailable");
    }

    @Test
    void chainPrefix_tooLongOrOdd_refused() {
        Subnet s = Subnet.parse("10.0.0.0/24");
        assertThatThrownBy(() -> Firewall.iptables(runner, "J".repeat(17), "b", s)).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Firewall.iptables(runner, "A B", "b", s)).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> Firewall.iptables(runner, "JOCKER", "b r", s)).isInstanceOf(EngineException.class);
        assertThat(List.of(Firewall.MAX_CHAIN_PREFIX)).containsExactly(16);
    }
}
