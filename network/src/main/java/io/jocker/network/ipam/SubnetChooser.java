package io.jocker.network.ipam;

import io.jocker.common.error.EngineException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Picks the subnet of the default bridge: the first candidate that clashes with nothing the host
 * already uses.
 *
 * <p>A candidate is skipped when it overlaps a route of the host (its traffic would go the wrong
 * way), contains a nameserver of the host's resolv.conf (the container could no longer reach it —
 * 10.255.255.53 on these machines), overlaps Docker's default bridge 172.17.0.0/16 or podman's
 * 10.88.0.0/16 (both may be installed beside jocker and create their bridges later), or overlaps
 * anything in {@code excluded} (other jocker networks). Default routes are not routes of a subnet
 * and never count; {@link HostFacts#parseRoutes} drops them.
 *
 * <p>Stateless and thread-safe. Host facts come in as parameters so this stays a pure function.
 */
public final class SubnetChooser {
    /** Docker's default bridge. */
    public static final Subnet DOCKER_BRIDGE = Subnet.parse("172.17.0.0/16");
    /** Podman's default network. */
    public static final Subnet PODMAN_NETWORK = Subnet.parse("10.88.0.0/16");

    /**
     * The candidates for the default bridge, in order: the /20s from 10.200.0.0/20 to 10.207.240.0/20
     * (128 of them), then the /20s from 192.168.128.0/20 to 192.168.240.0/20 (8). A /20 leaves room
     * for 4093 containers yet is small enough to find a gap; 10.200/13 is far from Docker's
     * 172.17-31, podman's 10.88 and the 10.255 nameserver here, and rarely used by VPNs and clouds.
     */
    public static final List<Subnet> DEFAULT_CANDIDATES = defaultCandidates();

    private SubnetChooser() {}

    /**
     * The first candidate that overlaps no route, holds no nameserver, and overlaps neither the
     * Docker and podman defaults nor any excluded subnet.
     *
     * @throws EngineException unavailable when every candidate clashes, with Docker's wording
     */
    public static Subnet choose(
            List<Subnet> candidates, List<Subnet> routes, List<Inet4Address> nameservers, Set<Subnet> excluded) {
        for (Subnet candidate : candidates) {
            if (isFree(candidate, routes, nameservers, excluded)) {
                return candidate;
            }
        }
        throw EngineException.unavailable(
                "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network");
    }

    /** {@link #choose} over {@link #DEFAULT_CANDIDATES}. */
    public static Subnet chooseDefault(List<Subnet> routes, List<Inet4Address> nameservers, Set<Subnet> excluded) {
        return choose(DEFAULT_CANDIDATES, routes, nameservers, excluded);
    }

    static boolean isFree(Subnet candidate, List<Subnet> routes, List<Inet4Address> nameservers, Set<Subnet> excluded) {
        if (candidate.overlaps(DOCKER_BRIDGE) || candidate.overlaps(PODMAN_NETWORK)) {
            return false;
        }
        for (Subnet route : routes) {
            if (candidate.overlaps(route)) {
                return false;
            }
        }
        for (Inet4Address nameserver : nameservers) {
            if (candidate.contains(nameserver)) {
                return false;
            }
        }
        for (Subnet other : excluded) {
            if (candidate.overlaps(other)) {
                return false;
            }
        }
        return true;
    }

    private static List<Subnet> defaultCandidates() {
        List<Subnet> list = new ArrayList<>();
        for (int second = 200; second <= 207; second++) {
            for (int third = 0; third < 256; third += 16) {
                list.add(Subnet.parse("10." + second + "." + third + ".0/20"));
            }
        }
        for (int third = 128; third < 256; third += 16) {
            list.add(Subnet.parse("192.168." + third + ".0/20"));
        }
        return Collections.unmodifiableList(list);
    }
}
