package io.jocker.network.etc;

import java.util.List;

/**
 * The container's /etc/hosts as Docker 20.10 writes it: the fixed localhost and IPv6 entries,
 * then the {@code --add-host} entries, then one line per container address naming the container
 * ("FQDN HOST" when the hostname has a domain). Lines are "IP\tNAMES".
 *
 * <p>Stateless and thread-safe.
 */
public final class HostsFile {
    private static final String DEFAULTS = """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            ff00::0\tip6-mcastprefix
            ff02::1\tip6-allnodes
            ff02::2\tip6-allrouters
            """;

    private HostsFile() {}

    /**
     * For a container with its own network namespace ({@code bridge}, {@code none}).
     *
     * @param domainname Config.Domainname, or empty
     * @param addresses the container's addresses on its networks, empty for {@code --network none}
     */
    public static String forContainer(
            String hostname, String domainname, List<String> addresses, List<ExtraHost> extraHosts) {
        StringBuilder out = new StringBuilder(DEFAULTS);
        for (ExtraHost extra : extraHosts) {
            line(out, extra.address(), extra.hostname());
        }
        String names = namesOf(hostname, domainname);
        for (String address : addresses) {
            line(out, address, names);
        }
        return out.toString();
    }

    /**
     * For {@code --network host}: the host's own /etc/hosts unchanged, unless {@code --add-host}
     * was given, in which case Docker builds a fresh file of the defaults and the extra hosts.
     */
    public static String forHostNetwork(String hostEtcHosts, List<ExtraHost> extraHosts) {
        if (extraHosts.isEmpty()) {
            return hostEtcHosts;
        }
        return forContainer("", "", List.of(), extraHosts);
    }

    /** "FQDN HOST" when the name has a domain, else the bare hostname. */
    static String namesOf(String hostname, String domainname) {
        String fqdn = domainname.isEmpty() ? hostname : hostname + "." + domainname;
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn : fqdn + " " + fqdn.substring(0, dot);
    }

    private static void line(StringBuilder out, String address, String names) {
        out.append(address).append('\t').append(names).append('\n');
    }
}
