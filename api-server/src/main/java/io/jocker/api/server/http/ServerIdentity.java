package io.jocker.api.server.http;

import io.jocker.api.server.version.ApiVersion;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The headers dockerd puts on every response, hijacked heads included: clients read
 * {@code Api-Version} to negotiate (the v28 CLI falls back to 1.24 without it) and {@code Ostype}
 * to pick Linux or Windows behaviour.
 *
 * @param serverHeader the {@code Server} header, e.g. "Docker/25.0.0 (linux)"
 */
public record ServerIdentity(String serverHeader) {

    public void addTo(HttpHeaders headers) {
        headers.set("Api-Version", ApiVersion.MAX.toString());
        headers.set("Docker-Experimental", "false");
        headers.set("Ostype", "linux");
        headers.set("Server", serverHeader);
    }

    /** The same headers as raw header lines, for hijacked connections whose head is written by hand. */
    public String asHeaderLines() {
        return "Api-Version: " + ApiVersion.MAX + "\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: "
                + serverHeader + "\r\n";
    }
}
