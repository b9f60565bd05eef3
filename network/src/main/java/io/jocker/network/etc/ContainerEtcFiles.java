package io.jocker.network.etc;

import io.jocker.common.durable.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a container's three network files into a directory of its own, from which the container
 * service bind-mounts them onto /etc/hosts, /etc/hostname and /etc/resolv.conf (Docker keeps the
 * same three beside its container config). Each is replaced atomically, so a container reading one
 * while it is rewritten sees the old or the new text.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContainerEtcFiles {
    public static final String HOSTS = "hosts";
    public static final String HOSTNAME = "hostname";
    public static final String RESOLV_CONF = "resolv.conf";

    /** Where the files were written. */
    public record Written(Path hosts, Path hostname, Path resolvConf) {}

    /**
     * The settings of a container with its own network namespace.
     *
     * @param addresses its addresses, e.g. the endpoint's address on the default bridge
     * @param hostResolvConf the text of the host's resolv.conf (see {@link ResolvConfFile})
     */
    public record Settings(String hostname, String domainname, List<String> addresses, List<ExtraHost> extraHosts,
            String hostResolvConf, DnsSettings dns) {
        public Settings {
            addresses = List.copyOf(addresses);
            extraHosts = List.copyOf(extraHosts);
        }
    }

    private ContainerEtcFiles() {}

    /** Writes hosts, hostname and resolv.conf into {@code dir} (created if needed). */
    public static Written write(Path dir, Settings s) throws IOException {
        Written w = new Written(dir.resolve(HOSTS), dir.resolve(HOSTNAME), dir.resolve(RESOLV_CONF));
        put(w.hosts(), HostsFile.forContainer(s.hostname(), s.domainname(), s.addresses(), s.extraHosts()));
        put(w.hostname(), HostnameFile.content(s.hostname()));
        // The default bridge has no IPv6.
        put(w.resolvConf(), ResolvConfFile.forContainer(s.hostResolvConf(), s.dns(), false));
        return w;
    }

    private static void put(Path file, String text) throws IOException {
        DurableFiles.writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
