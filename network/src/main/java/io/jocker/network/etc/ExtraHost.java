package io.jocker.network.etc;

import io.jocker.common.error.EngineException;

/**
 * One {@code --add-host NAME:IP} entry. The address is kept as text: the daemon resolves the
 * special value {@code host-gateway} before building the hosts file.
 */
public record ExtraHost(String hostname, String address) {
    public ExtraHost {
        if (hostname.isEmpty() || address.isEmpty()) {
            throw EngineException.invalidArgument("invalid extra host " + hostname + ":" + address);
        }
    }

    /**
     * Parses {@code NAME:IP} as Docker stores it in HostConfig.ExtraHosts; the split is at the first
     * colon, so IPv6 addresses keep theirs.
     */
    public static ExtraHost parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw EngineException.invalidArgument("bad format for add-host: \"" + text + "\"");
        }
        return new ExtraHost(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return hostname + ":" + address;
    }
}
