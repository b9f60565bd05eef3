/**
 * IPv4 address management: the {@link io.jocker.network.ipam.Subnet} value, the choice of the
 * default bridge's subnet among host routes and nameservers ({@link
 * io.jocker.network.ipam.SubnetChooser}, {@link io.jocker.network.ipam.HostFacts}), and durable
 * per-network allocation ({@link io.jocker.network.ipam.Ipam}).
 *
 * <h2>On-disk layout</h2>
 *
 * <pre>
 * DIR/                               the directory given to Ipam.open (e.g. ROOT/network/ipam)
 *   NETWORK_ID.json                  one pool, replaced atomically on every allocation or release:
 *     {"version": 1,
 *      "record": {"networkId": "...", "networkName": "bridge", "subnet": "10.200.0.0/20",
 *                 "gateway": "10.200.0.1", "allocated": ["10.200.0.2", "10.200.0.3"]}}
 * </pre>
 *
 * Unknown fields are ignored on read; a higher version is refused.
 */
package io.jocker.network.ipam;
