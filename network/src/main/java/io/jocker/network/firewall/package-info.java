/**
 * The host firewall rules a bridge network needs: forwarding that works when the host's filter
 * FORWARD policy is DROP (as a co-installed Docker sets it), and outbound masquerade for the
 * network's subnet. All of it lives in chains this daemon instance owns, named from its chain
 * prefix (DaemonConfig.firewallChainPrefix), so removing them removes everything.
 *
 * <h2>Rules (iptables; iptables-nft shows them as nft tables "ip filter" and "ip nat")</h2>
 *
 * <pre>
 * filter FORWARD      -j PREFIX-FORWARD                 inserted at position 1, exactly once
 * filter PREFIX-FORWARD
 *                     -i BRIDGE -j ACCEPT                 containers to anywhere, and to each other
 *                     -o BRIDGE -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT   replies
 * nat POSTROUTING     -j PREFIX-POSTROUTING             appended, exactly once
 * nat PREFIX-POSTROUTING
 *                     -s SUBNET ! -o BRIDGE -j MASQUERADE
 * </pre>
 *
 * Nothing is kept on disk: the kernel holds the rules, and they outlive the daemon.
 */
package io.jocker.network.firewall;
