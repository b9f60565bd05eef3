package io.jocker.network.firewall;

import io.jocker.common.error.EngineException;
import io.jocker.linux.command.CommandException;
import io.jocker.linux.command.CommandResult;
import io.jocker.linux.command.CommandRunner;
import io.jocker.network.ipam.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link Firewall} with iptables (reference/host-recipes.md §5, "Forwarding is blocked on this
 * host"). {@link #ensure} is three processes: two {@code -C} checks for the jumps, then one
 * {@code iptables-restore --noflush} transaction that declares our chains (which creates them, or
 * flushes them when they exist) and fills them, plus the jumps that were missing. The transaction
 * is atomic, so a daemon restart never opens a window in which forwarded replies are dropped.
 *
 * <p>Thread-safe (stateless apart from its immutable settings).
 */
final class IptablesFirewall implements Firewall {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    /** How many copies of a jump {@link #remove} deletes at most (one is normal). */
    private static final int MAX_JUMP_COPIES = 16;

    private final CommandRunner runner;
    private final String bridge;
    private final Subnet subnet;
    private final String forwardChain;
    private final String postroutingChain;

    IptablesFirewall(CommandRunner runner, String chainPrefix, String bridge, Subnet subnet) {
        if (chainPrefix.length() > MAX_CHAIN_PREFIX || !NAME.matcher(chainPrefix).matches()) {
            throw EngineException.invalidArgument("invalid firewall chain prefix " + chainPrefix
                    + ": want at most " + MAX_CHAIN_PREFIX + " letters, digits, '_', '.' or '-'");
        }
        if (!NAME.matcher(bridge).matches()) {
            throw EngineException.invalidArgument("invalid bridge name " + bridge);
        }
        this.runner = runner;
        this.bridge = bridge;
        this.subnet = subnet;
        this.forwardChain = chainPrefix + "-FORWARD";
        this.postroutingChain = chainPrefix + "-POSTROUTING";
    }

    String forwardChain() {
        return forwardChain;
    }

    String postroutingChain() {
        return postroutingChain;
    }

    @Override
    public void ensure() {
        boolean forwardJump = iptables("filter", "-C", "FORWARD", "-j", forwardChain).succeeded();
        boolean postroutingJump = iptables("nat", "-C", "POSTROUTING", "-j", postroutingChain).succeeded();
        String rules = restoreInput(!forwardJump, !postroutingJump);
        try {
            runner.run(List.of("iptables-restore", "-w", "--noflush"), rules).orThrow();
        } catch (CommandException e) {
            throw EngineException.internal("setting up firewall chains " + forwardChain + " and "
                    + postroutingChain + " for bridge " + bridge + ": " + e.getMessage(), e);
        }
    }

    /** The iptables-restore input; see the package doc for the rules. */
    String restoreInput(boolean addForwardJump, boolean addPostroutingJump) {
        List<String> lines = new ArrayList<>();
        lines.add("*filter");
        lines.add(":" + forwardChain + " - [0:0]");
        lines.add("-A " + forwardChain + " -i " + bridge + " -j ACCEPT");
        lines.add("-A " + forwardChain + " -o " + bridge + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        if (addForwardJump) {
            // At the top: a co-installed Docker's FORWARD ends in policy DROP (and may add REJECTs).
            lines.add("-I FORWARD 1 -j " + forwardChain);
        }
        lines.add("COMMIT");
        lines.add("*nat");
        lines.add(":" + postroutingChain + " - [0:0]");
        lines.add("-A " + postroutingChain + " -s " + subnet + " ! -o " + bridge + " -j MASQUERADE");
        if (addPostroutingJump) {
            lines.add("-A POSTROUTING -j " + postroutingChain);
        }
        lines.add("COMMIT");
        return String.join("\n", lines) + "\n";
    }

    @Override
    public void remove() {
        removeChain("filter", "FORWARD", forwardChain);
        removeChain("nat", "POSTROUTING", postroutingChain);
    }

    private void removeChain(String table, String builtin, String chain) {
        for (int i = 0; i < MAX_JUMP_COPIES; i++) {
            CommandResult deleted = iptables(table, "-D", builtin, "-j", chain);
            if (!deleted.succeeded()) {
                requireAbsent(deleted);
                break;
            }
        }
        requireAbsent(iptables(table, "-F", chain));
        requireAbsent(iptables(table, "-X", chain));
    }

    /**
     * Accepts a failure that only says the rule or chain is not there: iptables exits 1 ("No
     * chain/target/match by that name", "Bad rule") or 2 ("Chain 'X' does not exist").
     */
    private static void requireAbsent(CommandResult r) {
        if (r.succeeded()) {
            return;
        }
        String err = r.stderr();
        boolean absent = (r.exitCode() == 1 || r.exitCode() == 2)
                && (err.contains("No chain") || err.contains("does not exist") || err.contains("Bad rule"));
        if (!absent) {
            throw EngineException.internal("removing firewall rules: " + new CommandException(r).getMessage(), null);
        }
    }

    private CommandResult iptables(String table, String... args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w", "-t", table));
        argv.addAll(List.of(args));
        return runner.run(argv, null);
    }
}
