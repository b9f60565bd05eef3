package io.jocker.storage.archive;

import io.jocker.oci.digest.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The decompressed layer as the tar reader sees it: every byte that passes is hashed (the diff ID
 * is the sha256 of the whole decompressed stream) and counted against the layer size limit, and
 * while a capture is on, copied aside so that the raw header blocks the tar reader consumed can be
 * checked again ({@link TarHeaderScanner}). Not thread-safe.
 */
final class LayerStream extends InputStream {
    /** Header blocks of one entry plus its PAX and GNU long-name records; Go caps each at 1 MiB. */
    static final int CAPTURE_LIMIT = 4 * 1024 * 1024;

    private final InputStream in;
    private final long limit;
    private final MessageDigest sha256 = Digest.newSha256();
    private final byte[] one = new byte[1];
    private long count;
    private ByteArrayOutputStream capture;
    private long captureStart;

    /** What was read between {@link #startCapture} and {@link #stopCapture}, and where it began. */
    record Capture(long start, byte[] bytes) {}

    LayerStream(InputStream in, long limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new LayerFormatException("layer exceeds the size limit of " + limit + " bytes");
            }
            sha256.update(b, off, n);
            if (capture != null) {
                if (capture.size() + n > CAPTURE_LIMIT) {
                    throw new LayerFormatException("archive/tar: header field too long");
                }
                capture.write(b, off, n);
            }
        }
        return n;
    }

    /** Skips by reading, so that skipped bytes are hashed too. */
    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 8192)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    void startCapture() {
        capture = new ByteArrayOutputStream(1024);
        captureStart = count;
    }

    Capture stopCapture() {
        Capture result = new Capture(captureStart, capture.toByteArray());
        capture = null;
        return result;
    }

    /** Reads (and hashes) whatever follows the tar archive's end: padding, trailing blocks. */
    void drain() throws IOException {
        byte[] scratch = new byte[64 * 1024];
        while (read(scratch, 0, scratch.length) >= 0) {
            // keep reading: the diff ID covers the whole stream
        }
    }

    long count() {
        return count;
    }

    Digest digest() {
        return Digest.ofSha256Bytes(sha256.digest());
    }
}
