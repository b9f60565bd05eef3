package io.jocker.storage.archive;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * How a layer blob is compressed, told by its first bytes as moby's
 * {@code compression.DetectCompression} does (OCI image-spec layer media types: tar, tar+gzip,
 * tar+zstd). bzip2 and xz, which {@code docker load} also accepts, are read as plain tar and so
 * fail as "invalid tar header"; a tar whose first file name starts with "BZh" stays readable.
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    private static final int BUFFER = 64 * 1024;

    /** Looks at up to four leading bytes; anything unknown is {@link #NONE}. */
    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4) {
            int magic = (head[0] & 0xff) | (head[1] & 0xff) << 8 | (head[2] & 0xff) << 16 | (head[3] & 0xff) << 24;
            // A zstd frame, or a skippable frame (0x184D2A50..5F) as zstd writes before some streams.
            if (magic == 0xFD2FB528 || (magic & 0xFFFFFFF0) == 0x184D2A50) {
                return ZSTD;
            }
        }
        return NONE;
    }

    /**
     * Detects the compression of {@code in} and returns it with a stream of the decompressed
     * bytes. Closing the returned stream closes {@code in}.
     */
    static Decompressed open(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        Compression compression = detect(head, head.length);
        InputStream decompressed = switch (compression) {
            case NONE -> buffered;
            // GZIPInputStream reads concatenated members, as Go's gzip reader does.
            case GZIP -> new GZIPInputStream(buffered, BUFFER);
            case ZSTD -> new ZstdInputStream(buffered);
        };
        return new Decompressed(compression, decompressed);
    }

    record Decompressed(Compression compression, InputStream stream) {}
}
