package io.jocker.api.client;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the engine listens, written as {@code DOCKER_HOST}/{@code -H} values:
 * {@code unix:///run/jocker.sock} or {@code tcp://127.0.0.1:2375}. Immutable.
 */
public sealed interface EngineAddress {
    String DEFAULT = "unix:///run/jocker.sock";

    record Unix(Path path) implements EngineAddress {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements EngineAddress {
        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Parses a host value.
     *
     * @throws IllegalArgumentException with the docker CLI's wording for a value it cannot use
     */
    static EngineAddress parse(String value) {
        String text = value.trim();
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("unable to parse docker host `" + value + "`");
            }
            return new Unix(Path.of(path));
        }
        if (text.startsWith("tcp://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unable to parse docker host `" + value + "`");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("unable to parse docker host `" + value + "`");
            }
            String host = uri.getHost().replaceAll("^\\[|]$", "");
            return new Tcp(host, uri.getPort() < 0 ? 2375 : uri.getPort());
        }
        int scheme = text.indexOf("://");
        if (scheme > 0) {
            throw new IllegalArgumentException("unable to parse docker host `" + value + "`: protocol not available: "
                    + text.substring(0, scheme));
        }
        throw new IllegalArgumentException("unable to parse docker host `" + value + "`");
    }
}
