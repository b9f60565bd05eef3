package io.jocker.network.etc;

import java.util.List;

/**
 * DNS overrides for a container: {@code --dns}, {@code --dns-search}, {@code --dns-option}, each
 * already merged with the daemon's defaults of the same name (the container's win when set).
 * Empty lists mean "not given".
 */
public record DnsSettings(List<String> nameservers, List<String> searchDomains, List<String> options) {
    public static final DnsSettings NONE = new DnsSettings(List.of(), List.of(), List.of());

    public DnsSettings {
        nameservers = List.copyOf(nameservers);
        searchDomains = List.copyOf(searchDomains);
        options = List.copyOf(options);
    }

    /** Whether any override was given; if none, the host's file is used (filtered). */
    public boolean isEmpty() {
        return nameservers.isEmpty() && searchDomains.isEmpty() && options.isEmpty();
    }
}
