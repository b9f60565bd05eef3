package io.jocker.image.archive;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.storage.content.ContentStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image archive (docker-archive or OCI layout, as {@code docker save} writes them) once,
 * as it streams in: every regular file goes into the content store as a blob, small files are
 * also kept in memory for parsing (manifest.json, index.json, configs), and symlinks (the legacy
 * format links duplicate layers) are resolved afterwards. Nothing is unpacked here. Not
 * thread-safe.
 */
final class ArchiveReader {
    /** manifest.json, index.json and image configs are small; layers are not kept in memory. */
    private static final int KEEP_IN_MEMORY = 4 << 20;
    private static final int MAX_LINK_DEPTH = 16;

    private final Map<String, Digest> blobs = new HashMap<>();
    private final Map<String, byte[]> small = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();

    static ArchiveReader read(InputStream archive, ContentStore content) {
        ArchiveReader reader = new ArchiveReader();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = normalise(entry.getName());
                if (entry.isSymbolicLink()) {
                    reader.links.put(name, resolveLink(name, entry.getLinkName()));
                } else if (entry.isLink()) {
                    reader.links.put(name, normalise(entry.getLinkName()));
                } else if (entry.isFile()) {
                    reader.store(name, tar, content);
                }
            }
        } catch (IOException e) {
            throw EngineException.invalidArgument("reading the image archive: " + e.getMessage(), e);
        }
        if (reader.blobs.isEmpty()) {
            throw EngineException.invalidArgument("invalid tar header: the archive holds no files");
        }
        return reader;
    }

    private void store(String name, InputStream in, ContentStore content) throws IOException {
        try (ContentStore.Writer writer = content.writer("archive:" + name)) {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 << 10];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                writer.write(buffer, 0, n);
                if (total + n <= KEEP_IN_MEMORY) {
                    copy.write(buffer, 0, n);
                }
                total += n;
            }
            blobs.put(name, writer.commit());
            if (total <= KEEP_IN_MEMORY) {
                small.put(name, copy.toByteArray());
            }
        }
    }

    /** The blob stored for a path in the archive, following links. */
    Optional<Digest> blob(String path) {
        String name = normalise(path);
        for (int depth = 0; depth < MAX_LINK_DEPTH && links.containsKey(name); depth++) {
            name = links.get(name);
        }
        return Optional.ofNullable(blobs.get(name));
    }

    /** The bytes of a small file (manifest, index, config), following links. */
    Optional<byte[]> smallFile(String path) {
        String name = normalise(path);
        for (int depth = 0; depth < MAX_LINK_DEPTH && links.containsKey(name); depth++) {
            name = links.get(name);
        }
        return Optional.ofNullable(small.get(name));
    }

    byte[] requireSmallFile(String path) {
        return smallFile(path).orElseThrow(() -> EngineException.invalidArgument(
                "invalid image archive: " + path + " is missing"));
    }

    private static String resolveLink(String name, String target) {
        if (target.startsWith("/")) {
            return normalise(target);
        }
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        return normalise(dir + target);
    }

    /** "./a/../b/c" → "b/c": archive paths compared in one canonical form. */
    static String normalise(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
