package io.jocker.storage.archive;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Builds layer tarballs for tests, well-formed or not. Names are written exactly as given. */
final class TarBuilder {
    static final long MTIME = 1_700_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarWriter tar = new TarWriter(bytes);

    TarBuilder dir(String name) {
        return dir(name, 0755, Map.of());
    }

    TarBuilder dir(String name, int mode, Map<String, byte[]> xattrs) {
        return entry(new TarWriter.Header(name, TarWriter.Header.DIRECTORY, mode, 0, 0, 0, MTIME, null, 0, 0, xattrs),
                null);
    }

    TarBuilder file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0, Map.of());
    }

    TarBuilder file(String name, byte[] content, int mode, long uid, long gid, Map<String, byte[]> xattrs) {
        return entry(new TarWriter.Header(name, TarWriter.Header.REGULAR, mode, uid, gid, content.length, MTIME, null,
                0, 0, xattrs), content);
    }

    TarBuilder symlink(String name, String target) {
        return entry(new TarWriter.Header(name, TarWriter.Header.SYMLINK, 0777, 0, 0, 0, MTIME, target, 0, 0,
                Map.of()), null);
    }

    TarBuilder hardlink(String name, String target) {
        return hardlink(name, target, 0644);
    }

    /** A hard link; like Go's writer, give it the mode of the file it links to (Docker chmods with it). */
    TarBuilder hardlink(String name, String target, int mode) {
        return entry(new TarWriter.Header(name, TarWriter.Header.HARDLINK, mode, 0, 0, 0, MTIME, target, 0, 0,
                Map.of()), null);
    }

    TarBuilder device(String name, byte type, int major, int minor) {
        return entry(new TarWriter.Header(name, type, 0660, 0, 0, 0, MTIME, null, major, minor, Map.of()), null);
    }

    TarBuilder fifo(String name) {
        return entry(new TarWriter.Header(name, TarWriter.Header.FIFO, 0600, 0, 0, 0, MTIME, null, 0, 0, Map.of()),
                null);
    }

    TarBuilder entry(TarWriter.Header header, byte[] content) {
        try {
            tar.writeHeader(header);
            if (header.type() == TarWriter.Header.REGULAR) {
                tar.writeContent(new java.io.ByteArrayInputStream(content));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * A header written by commons-compress's own header writer (any type flag, star/base-256
     * numbers), followed by {@code body} padded to a block; the header's size is not checked
     * against the body.
     */
    TarBuilder raw(TarArchiveEntry header, byte[] body) {
        byte[] block = new byte[TarWriter.BLOCK];
        try {
            header.writeEntryHeader(block, org.apache.commons.compress.archivers.zip.ZipEncodingHelper
                    .getZipEncoding("UTF-8"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.writeBytes(block);
        bytes.writeBytes(body);
        bytes.writeBytes(new byte[(TarWriter.BLOCK - body.length % TarWriter.BLOCK) % TarWriter.BLOCK]);
        return this;
    }

    /** Bytes appended as they are (no alignment). */
    TarBuilder bytes(byte[] raw) {
        bytes.writeBytes(raw);
        return this;
    }

    /** The archive with its end marker. */
    byte[] build() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entries so far, without an end marker. */
    byte[] withoutEnd() {
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream z = new ZstdOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        return io.jocker.oci.digest.Digest.sha256Of(bytes).toString();
    }

    static Map<String, byte[]> xattr(String name, byte[] value) {
        return Map.of(name, value);
    }
}
