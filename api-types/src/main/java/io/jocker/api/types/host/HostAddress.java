package io.jocker.api.types.host;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the engine listens and clients connect, written as {@code -H}/{@code DOCKER_HOST} values:
 * {@code unix:///run/jocker.sock} or {@code tcp://127.0.0.1:2375} (port 2375 when omitted). A bare
 * absolute path means a unix socket. Shared by the server's listeners and the client. Immutable.
 */
public sealed interface HostAddress {
    String DEFAULT = "unix:///run/jocker.sock";

    record Unix(Path path) implements HostAddress {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements HostAddress {
        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** @throws IllegalArgumentException in the docker CLI's words for a value it cannot use */
    static HostAddress parse(String value) {
        String text = value.trim();
        if (text.startsWith("/")) {
            return new Unix(Path.of(text));
        }
        if (text.startsWith("unix://") && text.length() > "unix://".length()) {
            return new Unix(Path.of(text.substring("unix://".length())));
        }
        if (text.startsWith("tcp://")) {
            try {
                URI uri = URI.create(text);
                boolean pathless = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
                if (uri.getHost() != null && pathless) {
                    String host = uri.getHost().replaceAll("^\\[|]$", "");
                    return new Tcp(host, uri.getPort() < 0 ? 2375 : uri.getPort());
                }
            } catch (IllegalArgumentException e) {
                // falls through to the common error below
            }
        }
        int scheme = text.indexOf("://");
        if (scheme > 0 && !text.startsWith("unix://") && !text.startsWith("tcp://")) {
            throw new IllegalArgumentException("unable to parse docker host `" + value + "`: protocol not available: "
                    + text.substring(0, scheme));
        }
        throw new IllegalArgumentException("unable to parse docker host `" + value + "`");
    }
}
