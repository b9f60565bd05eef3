package io.jocker.network.ipam;

import io.jocker.common.error.EngineException;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parsers for the host facts that subnet choice needs: the output of {@code ip -4 route show} and
 * the nameservers of a resolv.conf. The daemon reads the command and file; these stay pure.
 *
 * <p>Stateless and thread-safe.
 */
public final class HostFacts {
    /** Route types ip-route(8) may print before the destination. */
    private static final Set<String> ROUTE_TYPES = Set.of(
            "unicast", "local", "broadcast", "multicast", "throw", "unreachable", "prohibit", "blackhole", "nat",
            "anycast");

    private HostFacts() {}

    /**
     * The destinations of {@code ip -4 route show} lines, e.g. {@code 10.88.0.0/16 dev cni-podman0
     * proto kernel scope link src 10.88.0.1}. A destination without a length is a /32; {@code
     * default} routes (0.0.0.0/0) are skipped because every subnet would overlap them, as Docker's
     * overlap check skips them too. Lines that name no IPv4 destination (blank, IPv6) are ignored.
     */
    public static List<Subnet> parseRoutes(String ipRouteOutput) {
        List<Subnet> routes = new ArrayList<>();
        for (String line : ipRouteOutput.split("\n")) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                continue; // continuation lines of multipath routes ("\tnexthop via ...") name no destination
            }
            String[] fields = line.trim().split("\\s+");
            int i = 0;
            if (ROUTE_TYPES.contains(fields[0]) && fields.length > 1) {
                i = 1;
            }
            String destination = fields[i];
            if (destination.equals("default") || destination.equals("0.0.0.0/0")) {
                continue;
            }
            Subnet route = parseDestination(destination);
            if (route != null && route.prefixLength() > 0) {
                routes.add(route);
            }
        }
        return routes;
    }

    /**
     * The IPv4 nameservers of a resolv.conf, in file order. Comments ({@code #} or {@code ;}) and
     * IPv6 nameservers are ignored.
     */
    public static List<Inet4Address> parseNameservers(String resolvConf) {
        List<Inet4Address> nameservers = new ArrayList<>();
        for (String raw : resolvConf.split("\n")) {
            String line = stripComment(raw).trim();
            String[] fields = line.split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver")) {
                try {
                    nameservers.add(Subnet.parseAddress(fields[1]));
                } catch (EngineException notIpv4) {
                    // An IPv6 nameserver or garbage: neither can clash with an IPv4 subnet.
                }
            }
        }
        return nameservers;
    }

    private static Subnet parseDestination(String text) {
        try {
            if (text.contains("/")) {
                int slash = text.indexOf('/');
                return Subnet.containing(
                        Subnet.parseAddress(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
            }
            return Subnet.single(Subnet.parseAddress(text));
        } catch (EngineException | NumberFormatException notARoute) {
            return null; // not an IPv4 destination; the caller skips the line
        }
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return cut < 0 ? line : line.substring(0, cut);
    }
}
