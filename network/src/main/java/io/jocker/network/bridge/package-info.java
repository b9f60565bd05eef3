/**
 * The bridge driver: a Linux bridge per network and one endpoint per connected container, a
 * named network namespace whose eth0 is the peer of a veth on the bridge. {@link
 * io.jocker.network.bridge.BridgeNetwork} is the API the container service uses; the host is
 * reached only through the {@code linux} seam (CommandRunner for iproute2, iptables and sysctl;
 * NetworkNamespaces for the namespaces), so the logic runs in unit tests against its recording
 * fakes.
 *
 * <h2>Host state (all of it removable with BridgeNetwork.removeAll)</h2>
 *
 * <pre>
 * BRIDGE             e.g. jocker0, up, with GATEWAY/LEN (the pool's gateway, first host address)
 * vjXXXXXXXXRRRR     per endpoint, a port of BRIDGE: "vj", 8 characters of the container ID, 4
 *                    random hex digits; its peer is eth0 in the container's namespace, with MAC
 *                    02:42:IP-BYTES, IP/LEN and a default route via GATEWAY, and lo up
 * firewall           PREFIX-FORWARD and PREFIX-POSTROUTING, see io.jocker.network.firewall
 * net.ipv4.ip_forward set to 1 when it was 0 (global; never set back, as Docker does)
 * </pre>
 *
 * <h2>On-disk layout</h2>
 *
 * <pre>
 * STATE_DIR/endpoints/                      BridgeConfig.stateDir, e.g. ROOT/network/bridge/NETWORK_ID
 *   CONTAINER_ID.json                       one endpoint, written before its namespace and veth are
 *                                           made, deleted after they are gone:
 *     {"version": 1,
 *      "record": {"containerId": "...", "netnsPath": "/run/jocker/netns/CONTAINER_ID",
 *                 "address": "10.200.0.2", "prefixLength": 20, "gateway": "10.200.0.1",
 *                 "macAddress": "02:42:0a:c8:00:02", "hostVeth": "vj1a2b3c4d9f3e"}}
 * NETNS_DIR/                                BridgeConfig.netnsDir, e.g. EXEC_ROOT/netns; a shared
 *   CONTAINER_ID                            self bind mount, see io.jocker.linux.netns
 * IPAM                                      the pool NETWORK_ID, see io.jocker.network.ipam
 * </pre>
 *
 * <h2>Recovery</h2>
 *
 * BridgeNetwork.open reads the records back. A record whose namespace is gone (a reboot: /run is
 * not always tmpfs; or a crash before the namespace was made) is torn down. IPAM is then made to
 * agree with the records (an allocation no record holds is released, one a record holds is taken
 * again), and veths named "vj…" on the bridge and namespace names that no record accounts for are
 * deleted. So a restarted daemon neither reuses an address a running container holds nor leaks one.
 */
package io.jocker.network.bridge;
