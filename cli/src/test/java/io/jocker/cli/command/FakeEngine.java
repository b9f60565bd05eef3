package io.jocker.cli.command;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A canned engine on a unix socket for command tests: answers {@code HEAD /_ping} with
 * {@code Api-Version: 1.44}, every other request from the responses registered with
 * {@link #on}, else 404 "page not found". Records each request (method, target, headers, body as
 * received, de-chunked) so tests can check exactly what the CLI sent. Keeps connections alive as
 * the CLI expects. Thread-safe.
 */
final class FakeEngine implements AutoCloseable {

    record Request(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {
        /** The path without the {@code /vX.Y} prefix and the query. */
        String path() {
            String path = target.replaceFirst("^/v\\d+\\.\\d+", "");
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        /** The raw query string, "" without one. */
        String query() {
            int q = target.indexOf('?');
            return q < 0 ? "" : target.substring(q + 1);
        }

        /** Decoded values of a query parameter, in order. */
        List<String> params(String name) {
            List<String> values = new ArrayList<>();
            for (String pair : query().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && decode(pair.substring(0, eq)).equals(name)) {
                    values.add(decode(pair.substring(eq + 1)));
                }
            }
            return values;
        }

        String param(String name) {
            List<String> values = params(name);
            return values.isEmpty() ? null : values.getFirst();
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param early answer as soon as the request head is read, then close without reading the
     *     body, as an engine refusing an upload does
     */
    record Response(int status, Map<String, String> headers, byte[] body, boolean chunked, boolean early) {
        Response(int status, Map<String, String> headers, byte[] body, boolean chunked) {
            this(status, headers, body, chunked, false);
        }

        Response answeringEarly() {
            return new Response(status, headers, body, chunked, true);
        }

        static Response json(String body) {
            return json(200, body);
        }

        static Response json(int status, String body) {
            return new Response(status, Map.of("Content-Type", "application/json"),
                    body.getBytes(StandardCharsets.UTF_8), false);
        }

        static Response error(int status, String message) {
            return json(status, "{\"message\":\"" + message + "\"}");
        }

        static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0], false);
        }

        /** A chunked JSON progress stream, one message per chunk, each ending in CRLF as dockerd's. */
        static Response stream(String... messages) {
            return new Response(200, Map.of("Content-Type", "application/json"),
                    String.join("\r\n", messages).concat("\r\n").getBytes(StandardCharsets.UTF_8), true);
        }

        /**
         * {@code 101 UPGRADED}, then {@code output} raw; the fake then reads what the client sends
         * (stdin) until it half-closes, records it, and closes the connection.
         */
        static Response upgraded(String contentType, byte[] output) {
            return new Response(101, Map.of("Content-Type", contentType, "Connection", "Upgrade", "Upgrade", "tcp"),
                    output, false);
        }

        static Response bytes(String contentType, byte[] body) {
            return new Response(200, Map.of("Content-Type", contentType), body, true);
        }
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, Response> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<byte[]> upstream = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    FakeEngine(Path dir) throws IOException {
        this.socket = dir.resolve("engine.sock");
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    /** The address for {@code JOCKER_HOST}. */
    String host() {
        return "unix://" + socket;
    }

    /** Answers {@code method path} (no version prefix, no query) with {@code response} from now on. */
    FakeEngine on(String method, String path, Response response) {
        routes.put(method + " " + path, response);
        return this;
    }

    /** What the CLI sent, in order, without the version pings. */
    List<Request> requests() {
        return requests.stream().filter(r -> !r.path().equals("/_ping")).toList();
    }

    Request onlyRequest() {
        List<Request> sent = requests();
        if (sent.size() != 1) {
            throw new AssertionError("expected one request, got " + sent.stream().map(Request::target).toList());
        }
        return sent.getFirst();
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                Thread.ofVirtual().start(() -> serve(channel));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            while (true) {
                Request head = readHead(in);
                if (head == null) {
                    return;
                }
                Response early = answer(head);
                if (early.early()) {
                    requests.add(head);
                    write(out, early, false);
                    return; // closes with the body unread
                }
                Request request = readBody(in, head);
                requests.add(request);
                Response response = answer(request);
                if (response.status() == 101) {
                    hijack(in, out, response);
                    return;
                }
                write(out, response, request.method().equals("HEAD"));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** What clients sent up hijacked connections (their stdin), one entry per connection. */
    List<byte[]> upstream() {
        return upstream;
    }

    private void hijack(InputStream in, OutputStream out, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 101 UPGRADED\r\n");
        response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
        out.flush();
        upstream.add(in.readAllBytes()); // until the client half-closes
    }

    private Response answer(Request request) {
        if (request.path().equals("/_ping")) {
            return new Response(200, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    "OK".getBytes(StandardCharsets.UTF_8), false);
        }
        Response response = routes.get(request.method() + " " + request.path());
        return response != null ? response : Response.error(404, "page not found");
    }

    /** The request line and headers; the body is empty until {@link #readBody}. */
    private static Request readHead(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
        return new Request(parts[0], parts[1], headers, new byte[0], chunked);
    }

    private static Request readBody(InputStream in, Request head) throws IOException {
        Map<String, String> headers = head.headers();
        boolean chunked = head.chunked();
        byte[] body;
        if (chunked) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    line(in);
                    break;
                }
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = new byte[0];
        }
        return new Request(head.method(), head.target(), headers, body, chunked);
    }

    private static void write(OutputStream out, Response response, boolean head) throws IOException {
        StringBuilder text = new StringBuilder("HTTP/1.1 ").append(response.status()).append(" X\r\n")
                .append("Api-Version: 1.44\r\nServer: Docker/25.0.0 (linux)\r\nOstype: linux\r\n");
        response.headers().forEach((k, v) -> text.append(k).append(": ").append(v).append("\r\n"));
        boolean chunked = response.chunked() && !head;
        text.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + response.body().length + "\r\n");
        text.append("\r\n");
        out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (head) {
            out.flush();
            return;
        }
        if (chunked) {
            // in small chunks, so readers see messages split across chunk boundaries
            byte[] body = response.body();
            for (int i = 0; i < body.length; i += 7) {
                int n = Math.min(7, body.length - i);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, i, n);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else {
            out.write(response.body());
        }
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed mid-line");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
