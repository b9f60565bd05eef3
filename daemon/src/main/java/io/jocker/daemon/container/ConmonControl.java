package io.jocker.daemon.container;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * conmon's control FIFO ({@code ctl} in a container's bundle): one line per message,
 * {@code "<type> <height> <width>\n"}; type 1 sets the terminal's size, type 2 reopens the log.
 * Stateless.
 */
final class ConmonControl {
    private ConmonControl() {}

    static void resize(Path bundle, int height, int width) {
        send(bundle, "1 " + height + " " + width + "\n");
    }

    static void reopenLog(Path bundle) {
        send(bundle, "2 0 0\n");
    }

    /**
     * Opened read-write, which never blocks on Linux: a write-only open would wait forever once
     * conmon is gone and the FIFO has no reader. A line nobody reads is dropped with the FIFO.
     */
    private static void send(Path bundle, String line) {
        Path ctl = bundle.resolve("ctl");
        if (!Files.exists(ctl)) {
            return; // never started, or released after its exit
        }
        try (FileChannel fifo = FileChannel.open(ctl, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            fifo.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to conmon's control FIFO in " + bundle, e);
        }
    }
}
