package io.jocker.cli.command;

import io.jocker.api.client.ContainerWait;
import io.jocker.api.client.EngineClient;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.api.client.HijackedConnection;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A container's streams over an attach connection, as docker/cli container/hijack.go moves them:
 * the container's output copied to stdout and stderr (demultiplexed unless it has a TTY, where
 * everything is stdout), stdin copied up while it lasts and then the write side half-closed, and
 * in TTY mode the detach keys (default ctrl-p ctrl-q) caught on the client, which ends the
 * session without stopping the container. Also the wait and the resize the commands around it
 * need. Not thread-safe: one per attach.
 */
final class ContainerStreams {
    /** docker's default detach sequence, ctrl-p ctrl-q. */
    static final byte[] DEFAULT_DETACH = {16, 17};

    private ContainerStreams() {}

    /** How an attach session ended. */
    enum End { OUTPUT_ENDED, DETACHED }

    /**
     * Copies until the container's output ends (the engine closes the connection when the
     * container exits) or the user types the detach keys.
     *
     * @param stdin null when stdin is not attached (the write side is half-closed at once)
     */
    static End stream(CliContext context, HijackedConnection connection, boolean tty, InputStream stdin,
            byte[] detachKeys) {
        OutputStream out = context.out();
        OutputStream err = tty ? context.out() : context.err();
        var detached = new java.util.concurrent.atomic.AtomicBoolean();
        Thread pump = null;
        if (stdin == null) {
            try {
                connection.closeWrite();
            } catch (IOException e) {
                // the engine may have closed first; output still arrives or ends on its own
            }
        } else {
            pump = Thread.ofPlatform().daemon().name("stdin").start(() -> {
                if (copyInput(stdin, connection, tty ? detachKeys : null)) {
                    detached.set(true);
                    connection.close(); // ends the output copy below
                }
            });
        }
        try {
            if (tty) {
                copyRaw(connection.input(), out);
            } else {
                demultiplex(connection.input(), out, err);
            }
        } catch (IOException e) {
            if (!detached.get()) {
                throw new UncheckedIOException(e);
            }
        } finally {
            context.out().flush();
            context.err().flush();
        }
        if (pump != null && detached.get()) {
            return End.DETACHED;
        }
        return End.OUTPUT_ENDED;
    }

    /** Returns true if the detach keys were typed; else copies to the end and half-closes. */
    private static boolean copyInput(InputStream stdin, HijackedConnection connection, byte[] detachKeys) {
        OutputStream up = connection.output();
        byte[] buffer = new byte[8192];
        int matched = 0;
        try {
            while (true) {
                int n = stdin.read(buffer);
                if (n < 0) {
                    break;
                }
                if (detachKeys == null || detachKeys.length == 0) {
                    up.write(buffer, 0, n);
                    up.flush();
                    continue;
                }
                // Keys that start the sequence are held back until it completes or breaks.
                java.io.ByteArrayOutputStream send = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == detachKeys[matched]) {
                        matched++;
                        if (matched == detachKeys.length) {
                            return true;
                        }
                        continue;
                    }
                    send.write(detachKeys, 0, matched);
                    matched = 0;
                    if (b == detachKeys[0]) {
                        matched = 1;
                        continue;
                    }
                    send.write(b);
                }
                up.write(send.toByteArray());
                up.flush();
            }
            connection.closeWrite();
        } catch (IOException e) {
            // the engine closed the connection: the container is gone, output copying ends too
        }
        return false;
    }

    private static void copyRaw(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    /**
     * docker's stdcopy: frames of {@code [stream, 0, 0, 0, size uint32 BE]} and a payload; stream 0
     * and 1 go to stdout, 2 to stderr, 3 is an error from the engine.
     */
    static void demultiplex(InputStream in, OutputStream out, OutputStream err) throws IOException {
        byte[] header = new byte[8];
        byte[] buffer = new byte[32 << 10];
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got == 0) {
                return;
            }
            if (got < 8) {
                throw new EOFException("unexpected EOF");
            }
            int size = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            OutputStream target;
            switch (header[0]) {
                case 0, 1 -> target = out;
                case 2 -> target = err;
                case 3 -> {
                    String message = new String(in.readNBytes(size), StandardCharsets.UTF_8);
                    throw new CliFailure(1, "error from daemon in stream: " + message);
                }
                default -> throw new CliFailure(1, "Unrecognized input header: " + header[0]);
            }
            while (size > 0) {
                int n = in.read(buffer, 0, Math.min(size, buffer.length));
                if (n < 0) {
                    throw new EOFException("unexpected EOF");
                }
                target.write(buffer, 0, n);
                size -= n;
            }
            target.flush();
        }
    }

    /**
     * Reads the wait answer: the container's exit code, or 125 when the engine reports an error
     * (printed as docker's logrus line) or the connection ends first.
     */
    static int exitCode(CliContext context, ContainerWait wait) {
        try {
            var result = wait.result();
            var error = result.path("Error");
            if (error.isObject() && !error.path("Message").asText("").isEmpty()) {
                context.err().println("Error waiting for container: " + error.path("Message").asText());
                return 125;
            }
            return result.path("StatusCode").asInt(0);
        } catch (IOException | UncheckedIOException e) {
            context.err().println("error waiting for container: " + e.getMessage());
            return 125;
        } finally {
            wait.close();
        }
    }

    /**
     * Sends the terminal's size ({@code POST /containers/{id}/resize}). Errors are ignored, as the
     * docker CLI ignores them: an engine without resize still runs the container.
     */
    static void resize(CliContext context, EngineClient client, String id) {
        int[] size = context.terminals().size();
        if (size == null) {
            return;
        }
        try {
            client.resizeContainer(id, size[0], size[1]);
        } catch (EngineResponseException | EngineConnectionException | UncheckedIOException e) {
            // docker/cli tty.go resizeTtyTo logs at debug level and carries on
        }
    }

    /**
     * moby/term ToBytes: "ctrl-p,ctrl-q", "a,b"; empty means the default.
     *
     * @throws CliFailure for keys docker rejects
     */
    static byte[] detachKeys(String keys) {
        if (keys == null || keys.isEmpty()) {
            return DEFAULT_DETACH;
        }
        List<Byte> out = new ArrayList<>();
        for (String key : keys.split(",")) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.length() > 1 && !lower.startsWith("ctrl-")) {
                throw new CliFailure(1, "Unknown character: '" + key + "'");
            }
            if (key.length() == 1) {
                out.add((byte) key.charAt(0));
            } else {
                String rest = lower.substring(5);
                if (rest.length() != 1) {
                    throw new CliFailure(1, "Unknown character: '" + key + "'");
                }
                char c = rest.charAt(0);
                if (c >= 'a' && c <= 'z') {
                    out.add((byte) (c - 'a' + 1));
                } else if ("@[\\]^_".indexOf(c) >= 0) {
                    out.add((byte) (c == '@' ? 0 : "@[\\]^_".indexOf(c) + 26));
                } else {
                    throw new CliFailure(1, "Unknown character: '" + rest + "'");
                }
            }
        }
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }
}
