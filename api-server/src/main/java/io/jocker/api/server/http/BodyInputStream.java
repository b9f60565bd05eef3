package io.jocker.api.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * A request body handed to a handler while it is still arriving. The I/O thread {@link #offer}s
 * pieces; the handler's thread reads them. When more than {@link #HIGH_WATER} bytes wait, the
 * connection stops reading until the handler has drained below {@link #LOW_WATER}, so an upload of
 * any size needs bounded memory. Thread-safe (one producer, one consumer).
 */
final class BodyInputStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;

    /** Switches reading of the connection on or off; called from the consumer's thread. */
    interface Flow {
        void setReading(boolean reading);
    }

    private final ArrayDeque<byte[]> pieces = new ArrayDeque<>();
    private final Flow flow;
    private byte[] current;
    private int position;
    private long queued;
    private boolean ended;
    private IOException failure;
    private boolean paused;

    BodyInputStream(Flow flow) {
        this.flow = flow;
    }

    /** Called by the I/O thread with a piece of the body. */
    synchronized void offer(byte[] piece) {
        if (piece.length == 0) {
            return;
        }
        pieces.addLast(piece);
        queued += piece.length;
        if (queued > HIGH_WATER && !paused) {
            paused = true;
            flow.setReading(false);
        }
        notifyAll();
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void fail(IOException cause) {
        failure = cause;
        notifyAll();
    }

    synchronized boolean isComplete() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            current = pieces.pollFirst();
            position = 0;
            if (current != null) {
                break;
            }
            if (failure != null) {
                throw failure;
            }
            if (ended) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the request body");
            }
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        queued -= n;
        if (paused && queued < LOW_WATER) {
            paused = false;
            flow.setReading(true);
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }
}
