package io.jocker.network.firewall;

import io.jocker.linux.command.CommandRunner;
import io.jocker.network.ipam.Subnet;

/**
 * The firewall rules of one bridge network (see the package doc for the rules).
 *
 * <p>Lifecycle: {@link #ensure} whenever the daemon starts or the network is created; it converges
 * on the rules whatever was there before (nothing, the same rules, rules for an older subnet) and
 * never adds a second jump. {@link #remove} when the network goes away for good; both are
 * idempotent.
 *
 * <pre>{@code
 * Firewall fw = Firewall.iptables(CommandRunner.local(), config.firewallChainPrefix(), "jocker0",
 *         Subnet.parse("10.200.0.0/20"));
 * fw.ensure();
 * }</pre>
 *
 * <p>Implementations are thread-safe as far as the host's tools are ({@code iptables -w} waits for
 * the xtables lock).
 */
public interface Firewall {
    /** iptables has room for 28 characters in a chain name; the longest suffix is "-POSTROUTING". */
    int MAX_CHAIN_PREFIX = 28 - "-POSTROUTING".length();

    /**
     * The rules through {@code iptables -w} and {@code iptables-restore -w --noflush}.
     *
     * @param chainPrefix at most {@link #MAX_CHAIN_PREFIX} characters, e.g. "JOCKER"
     */
    static Firewall iptables(CommandRunner runner, String chainPrefix, String bridge, Subnet subnet) {
        return new IptablesFirewall(runner, chainPrefix, bridge, subnet);
    }

    /** Creates or rewrites our chains and adds the jumps into the built-in chains when missing. */
    void ensure();

    /** Deletes the jumps (every copy) and our chains; what is already gone is skipped. */
    void remove();
}
