package io.jocker.network.etc;

/**
 * The container's /etc/hostname: Config.Hostname and a newline, as Docker writes it (the domain
 * name is not included).
 *
 * <p>Stateless and thread-safe.
 */
public final class HostnameFile {
    private HostnameFile() {}

    public static String content(String hostname) {
        return hostname + "\n";
    }
}
