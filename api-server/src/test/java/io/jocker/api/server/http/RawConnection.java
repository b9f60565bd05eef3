package io.jocker.api.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A test client that writes bytes as given and reads responses byte by byte, to see the wire exactly. */
final class RawConnection implements AutoCloseable {
    final SocketChannel channel;
    private final InputStream in;

    RawConnection(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = Channels.newInputStream(channel);
    }

    RawConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        return this;
    }

    record Response(int status, String head, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads one response: head, then a body by Content-Length or chunks. */
    Response read() throws IOException {
        String head = readHead();
        Map<String, String> headers = headers(head);
        int status = Integer.parseInt(head.split(" ")[1]);
        String body = "";
        if (headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(readLine(), 16);
                if (size == 0) {
                    readLine();
                    break;
                }
                all.write(in.readNBytes(size));
                readLine();
            }
            body = all.toString(StandardCharsets.UTF_8);
        }
        return new Response(status, head, headers, body);
    }

    String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (!line.toString().endsWith("\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 2);
    }

    /** Reads until the server closes; returns what came. */
    String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    byte[] readExactly(int n) throws IOException {
        return in.readNBytes(n);
    }

    boolean isClosedByServer() throws IOException {
        return in.read() < 0;
    }

    static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
