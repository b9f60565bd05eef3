package io.jocker.network.etc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container's /etc/resolv.conf as Docker 20.10's libnetwork writes it.
 *
 * <p>Without overrides the host's file is copied with its localhost nameservers (127.0.0.0/8,
 * ::1) removed — they cannot answer from inside another network namespace — and, when no
 * nameserver is left, Google's public servers appended. This happens in two passes, as in Docker:
 * at sandbox creation with IPv6 assumed on (so the IPv6 defaults 2001:4860:4860::8888/8844 are
 * appended too), then when the endpoint joins a network without IPv6, which strips every IPv6
 * nameserver again. Comments, search and options lines of the host are kept.
 *
 * <p>With any of {@code --dns}, {@code --dns-search}, {@code --dns-option}, a new file is built
 * from three lines: search, nameserver, options. What was not overridden comes from the host's
 * file <em>unfiltered</em> (a Docker quirk kept for compatibility: {@code --dns-search} alone on a
 * systemd-resolved host yields {@code nameserver 127.0.0.53}). A search list of just "." writes no
 * search line.
 *
 * <p>Which host file to read is the caller's choice; Docker reads {@link #SYSTEMD_RESOLVED_PATH}
 * instead of /etc/resolv.conf when {@link #isSystemdResolvedStub} says so.
 *
 * <p>Stateless and thread-safe.
 */
public final class ResolvConfFile {
    public static final String SYSTEMD_RESOLVED_PATH = "/run/systemd/resolve/resolv.conf";

    private static final String IPV4 = "((25[0-5]|(2[0-4]|1[0-9]|[1-9]|)[0-9])\\.){3}(25[0-5]|(2[0-4]|1[0-9]|[1-9]|)[0-9])";
    private static final String IPV6 = "([0-9A-Fa-f]{0,4}:){2,7}([0-9A-Fa-f]{0,4})(%\\w+)?";
    /** A localhost nameserver line with all whitespace (blank lines included) after it. */
    private static final Pattern LOCALHOST_NAMESERVER =
            Pattern.compile("(?m)^nameserver\\s+((127\\.([0-9]{1,3}\\.){2}[0-9]{1,3})|(::1)$)\\s*\\n*");
    private static final Pattern IPV6_NAMESERVER = Pattern.compile("(?m)^nameserver\\s+" + IPV6 + "\\s*\\n*");
    private static final Pattern NAMESERVER = Pattern.compile("^\\s*nameserver\\s*((" + IPV4 + ")|(" + IPV6 + "))\\s*$");
    private static final Pattern SEARCH = Pattern.compile("^\\s*search\\s*(([^\\s]+\\s*)*)$");
    private static final Pattern OPTIONS = Pattern.compile("^\\s*options\\s*(([^\\s]+\\s*)*)$");
    private static final String DEFAULT_IPV4 = "nameserver 8.8.8.8\nnameserver 8.8.4.4";
    private static final String DEFAULT_IPV6 = "nameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844";

    private ResolvConfFile() {}

    /**
     * For a container with its own network namespace.
     *
     * @param hostResolvConf the host file's content
     * @param ipv6Enabled whether the container's network has IPv6 (false for the default bridge
     *     and {@code none})
     */
    public static String forContainer(String hostResolvConf, DnsSettings dns, boolean ipv6Enabled) {
        if (!dns.isEmpty()) {
            return build(hostResolvConf, dns);
        }
        return filter(filter(hostResolvConf, true), ipv6Enabled);
    }

    /** For {@code --network host}: the host's file as it is, unless DNS overrides were given. */
    public static String forHostNetwork(String hostResolvConf, DnsSettings dns) {
        return dns.isEmpty() ? hostResolvConf : build(hostResolvConf, dns);
    }

    /**
     * Whether /etc/resolv.conf is systemd-resolved's stub (its only nameserver is 127.0.0.53), in
     * which case Docker reads {@link #SYSTEMD_RESOLVED_PATH}, the upstream servers, instead.
     */
    public static boolean isSystemdResolvedStub(String etcResolvConf) {
        return nameservers(etcResolvConf).equals(List.of("127.0.0.53"));
    }

    /** The nameservers of a resolv.conf, in order, comments ignored. */
    public static List<String> nameservers(String content) {
        List<String> found = new ArrayList<>();
        for (String line : lines(content)) {
            Matcher m = NAMESERVER.matcher(line);
            if (m.matches()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    /** The words of the last search line, or empty. */
    public static List<String> searchDomains(String content) {
        return lastFields(content, SEARCH);
    }

    /** The words of the last options line, or empty. */
    public static List<String> options(String content) {
        return lastFields(content, OPTIONS);
    }

    static String filter(String content, boolean ipv6Enabled) {
        String cleaned = LOCALHOST_NAMESERVER.matcher(content).replaceAll("");
        if (!ipv6Enabled) {
            cleaned = IPV6_NAMESERVER.matcher(cleaned).replaceAll("");
        }
        if (nameservers(cleaned).isEmpty()) {
            cleaned = cleaned + "\n" + DEFAULT_IPV4 + (ipv6Enabled ? "\n" + DEFAULT_IPV6 : "");
        }
        return cleaned;
    }

    static String build(String hostResolvConf, DnsSettings dns) {
        List<String> servers = dns.nameservers().isEmpty() ? nameservers(hostResolvConf) : dns.nameservers();
        List<String> search = dns.searchDomains().isEmpty() ? searchDomains(hostResolvConf) : dns.searchDomains();
        List<String> opts = dns.options().isEmpty() ? options(hostResolvConf) : dns.options();
        StringBuilder out = new StringBuilder();
        String searchLine = String.join(" ", search);
        if (!search.isEmpty() && !searchLine.strip().equals(".")) {
            out.append("search ").append(searchLine).append('\n');
        }
        for (String server : servers) {
            out.append("nameserver ").append(server).append('\n');
        }
        String optionsLine = String.join(" ", opts);
        if (!opts.isEmpty() && !optionsLine.isBlank()) {
            out.append("options ").append(optionsLine).append('\n');
        }
        return out.toString();
    }

    private static List<String> lastFields(String content, Pattern pattern) {
        List<String> fields = List.of();
        for (String line : lines(content)) {
            Matcher m = pattern.matcher(line);
            if (m.matches()) {
                String rest = m.group(1).strip();
                fields = rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            }
        }
        return fields;
    }

    /** Lines with everything from '#' on removed, as libnetwork reads them. */
    private static List<String> lines(String content) {
        List<String> out = new ArrayList<>();
        for (String line : content.split("\n", -1)) {
            int hash = line.indexOf('#');
            out.add(hash < 0 ? line : line.substring(0, hash));
        }
        return out;
    }
}
