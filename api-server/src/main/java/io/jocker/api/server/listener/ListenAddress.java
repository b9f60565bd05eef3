package io.jocker.api.server.listener;

import io.jocker.common.error.EngineException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where the API listens or a client connects, written as dockerd's {@code -H} values:
 * {@code unix:///run/jocker.sock} or {@code tcp://127.0.0.1:2375}. Immutable.
 */
public sealed interface ListenAddress {
    String DEFAULT_UNIX = "unix:///run/jocker.sock";

    record Unix(Path path) implements ListenAddress {
        @Override
        public String toString() {
            return "unix://" + path;
        }
    }

    record Tcp(String host, int port) implements ListenAddress {
        @Override
        public String toString() {
            return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** Whether every address the host name resolves to is a loopback address. */
        public boolean isLoopback() {
            try {
                InetAddress[] all = InetAddress.getAllByName(host);
                for (InetAddress address : all) {
                    if (!address.isLoopbackAddress()) {
                        return false;
                    }
                }
                return all.length > 0;
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /** Parses a {@code -H} value; a bare path means a unix socket, as for dockerd. */
    static ListenAddress parse(String value) {
        String text = value.trim();
        if (text.startsWith("unix://")) {
            String path = text.substring("unix://".length());
            return new Unix(Path.of(path.isEmpty() ? "/run/jocker.sock" : path));
        }
        if (text.startsWith("/")) {
            return new Unix(Path.of(text));
        }
        if (text.startsWith("tcp://")) {
            URI uri;
            try {
                uri = URI.create(text);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalidArgument("invalid tcp address: " + value);
            }
            String host = uri.getHost();
            if (host == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                throw EngineException.invalidArgument("invalid tcp address: " + value);
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Tcp(host, uri.getPort() < 0 ? 2375 : uri.getPort());
        }
        throw EngineException.invalidArgument("Invalid bind address format: " + value);
    }
}
