package io.jocker.api.client;

import io.jocker.api.types.host.HostAddress;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection to the engine over a unix socket or TCP, used for one request at a time.
 *
 * <p>Why not a library: the JDK's HttpClient cannot use unix sockets, and the Engine API needs
 * what general clients hide — the raw connection after a {@code 101 UPGRADED} for attach and exec,
 * and half-closing it at the end of stdin. The framing it needs is small (a request head, then a
 * response by Content-Length, chunks, or until close), and keeping the client free of large
 * libraries keeps {@code jocker version} within a few milliseconds of a bare JVM's start-up.
 * Not thread-safe.
 */
final class HttpConnection implements AutoCloseable {
    private static final int MAX_HEAD = 1 << 20;
    /** Request body chunk size: large enough that a tar of layers costs few writes. */
    private static final int CHUNK = 64 << 10;

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private boolean reusable = true;

    private HttpConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 16 << 10);
        this.out = Channels.newOutputStream(channel);
    }

    static HttpConnection open(HostAddress address) throws IOException {
        // instanceof rather than a pattern switch: a type switch is linked at run time through
        // method handles, which cost this short-lived process about 10 ms at its first call.
        SocketChannel channel;
        if (address instanceof HostAddress.Unix unix) {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(unix.path()));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } else {
            HostAddress.Tcp tcp = (HostAddress.Tcp) address;
            channel = SocketChannel.open(new InetSocketAddress(tcp.host(), tcp.port()));
        }
        return new HttpConnection(channel);
    }

    boolean isReusable() {
        return reusable && channel.isOpen();
    }

    /**
     * Sends a request and reads the response head; the body is read through the response. The
     * {@code Host} header is a placeholder, as the docker CLI's: the engine ignores it.
     */
    HttpResponse exchange(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder head = head(method, target, headers);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return readResponse(method.equals("HEAD"));
    }

    /**
     * Sends a request whose body is read from {@code body} as it goes, with
     * {@code Transfer-Encoding: chunked} (the docker CLI's framing for tars of unknown length:
     * load, import, build), then reads the response head.
     *
     * <p>If the engine stops reading and answers early (a 4xx before the whole tar), writing
     * fails; the answer it sent is then returned rather than the broken pipe, and the
     * connection is not reused.
     *
     * @throws UncheckedIOException if reading {@code body} fails: a local problem, not the engine's
     */
    HttpResponse exchange(String method, String target, Map<String, String> headers, InputStream body)
            throws IOException {
        StringBuilder head = head(method, target, headers).append("Transfer-Encoding: chunked\r\n\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            writeChunks(body);
        } catch (IOException e) {
            reusable = false;
            try {
                return readResponse(false);
            } catch (IOException noAnswer) {
                e.addSuppressed(noAnswer);
                throw e;
            }
        } catch (UncheckedIOException e) {
            reusable = false; // a half-sent body: the engine is waiting for chunks that will never come
            throw e;
        }
        return readResponse(false);
    }

    private StringBuilder head(String method, String target, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: api.moby.localhost\r\n")
                .append("User-Agent: jocker-cli\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        return head;
    }

    /** One write per chunk: size line, data and CRLF in one buffer, then the last chunk. */
    private void writeChunks(InputStream body) throws IOException {
        byte[] chunk = new byte[CHUNK + 12];
        while (true) {
            int n;
            try {
                n = body.readNBytes(chunk, 10, CHUNK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (n == 0) {
                break;
            }
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            int start = 10 - size.length;
            System.arraycopy(size, 0, chunk, start, size.length);
            chunk[10 + n] = '\r';
            chunk[11 + n] = '\n';
            out.write(chunk, start, size.length + n + 2);
            if (n < CHUNK) {
                break; // readNBytes returns less only at the end of the stream
            }
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private HttpResponse readResponse(boolean head) throws IOException {
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("malformed HTTP response \"" + statusLine + "\"");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status code \"" + parts[1] + "\"");
        }
        Map<String, String> headers = new HashMap<>();
        int total = statusLine.length();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            total += line.length();
            if (total > MAX_HEAD) {
                throw new IOException("response head larger than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            reusable = false;
        }
        InputStream body;
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200 && status != 101)) {
            body = InputStream.nullInputStream();
        } else if (status == 101) {
            reusable = false;
            body = in; // the raw stream of a hijacked connection
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = new ChunkedBody();
        } else if (headers.containsKey("content-length")) {
            body = new LengthBody(Long.parseLong(headers.get("content-length")));
        } else {
            reusable = false;
            body = in; // until the server closes
        }
        return new HttpResponse(status, headers, body);
    }

    /** Half-closes the connection: the engine sees the end of our input (stdin) and keeps sending. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    OutputStream rawOutput() {
        return out;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.isEmpty()) {
                    throw new EOFException("the engine closed the connection without a response");
                }
                throw new EOFException("the engine closed the connection in the middle of a response");
            }
            if (b == '\n') {
                int n = line.length();
                return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
            }
            line.append((char) b);
            if (line.length() > MAX_HEAD) {
                throw new IOException("response line longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A body of known length; closing it drains the rest so the connection can be reused. */
    private final class LengthBody extends InputStream {
        private long remaining;

        LengthBody(long length) {
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n < 0) {
                throw new EOFException("the engine closed the connection before the end of the body");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            skipNBytes(remaining);
        }
    }

    /** A chunked body, de-chunked as it is read. */
    private final class ChunkedBody extends InputStream {
        private long chunkLeft;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = readLine();
                int semicolon = size.indexOf(';');
                chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunkLeft == 0) {
                    for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                        // trailers carry nothing the engine API uses
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, chunkLeft));
            if (n < 0) {
                throw new EOFException("the engine closed the connection in the middle of a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(); // the CRLF after each chunk
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(chunkLeft, in.available());
        }

        @Override
        public void close() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // drain so the connection can serve the next request
            }
        }
    }
}
