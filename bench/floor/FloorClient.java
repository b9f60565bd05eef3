import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The floor for client start-up: the least a JVM program can do to ask an engine for its version
 * over a unix socket (connect, GET /version, print the body). bench/ compares `jocker version`
 * against this, measured in the same run.
 */
public final class FloorClient {
    public static void main(String[] args) throws Exception {
        String socket = args.length > 0 ? args[0] : "/run/jocker.sock";
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write("GET /version HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            byte[] response = in.readAllBytes();
            String text = new String(response, StandardCharsets.UTF_8);
            int body = text.indexOf("\r\n\r\n");
            System.out.println(body < 0 ? text : text.substring(body + 4));
        }
    }
}
