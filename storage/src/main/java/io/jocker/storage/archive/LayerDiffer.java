package io.jocker.storage.archive;

import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an overlayfs upper directory into a layer: an uncompressed tar written to a stream, and
 * its diff ID (the sha256 of exactly the bytes written). What moby's overlay2 driver does with
 * {@code archive.TarWithOptions(upper, OverlayWhiteoutFormat)}:
 * <ul>
 *   <li>a whiteout (character device 0:0) becomes an empty regular file {@code dir/.wh.NAME},
 *       mode 0600, owned as the device was;
 *   <li>a directory with {@code trusted.overlay.opaque=y} is written, then an empty
 *       {@code dir/.wh..wh..opq} right after it (its mode the directory's permission bits);
 *   <li>every other {@code trusted.overlay.*} xattr (origin, impure, redirect, uuid...) is the
 *       kernel's bookkeeping and left out; other xattrs are kept as {@code SCHILY.xattr.*} pax
 *       records with their raw bytes (Docker keeps only {@code security.capability}; keeping
 *       them all lets ACLs and SELinux labels survive a commit);
 *   <li>modes with setuid/setgid/sticky, numeric owners (no user or group names, so the host's
 *       /etc/passwd never leaks in), symlink targets verbatim, mtimes truncated to seconds,
 *       device numbers; the second and later names of an inode become hard links to the first;
 *       sockets are skipped (tar cannot hold them).
 * </ul>
 * Order is deterministic: depth first, parents before children, siblings by the bytes of their
 * UTF-8 names (Go's filepath.Walk order); the root itself is not an entry. The same tree gives
 * the same bytes and diff ID.
 *
 * <p>Read-only: the upper directory is never changed and symlinks in it are never followed. The
 * upper directory should not change while it is read (a stopped container, or a build step that
 * has finished); a file that shrinks meanwhile fails the diff. Thread-safe (no mutable state; each
 * call has its own).
 */
public final class LayerDiffer {
    private final FileSystemOps fs;

    public LayerDiffer(FileSystemOps fs) {
        this.fs = fs;
    }

    /**
     * Writes the layer of {@code upper} to {@code out} (not closed) and returns its diff ID.
     *
     * @throws IOException when reading {@code upper} or writing {@code out} fails
     */
    public Digest diff(Path upper, OutputStream out) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        OutputStream hashing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                sha256.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                sha256.update(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }
        };
        TarWriter tar = new TarWriter(hashing);
        new Walk(tar).directory(upper, "");
        tar.finish();
        return Digest.ofSha256Bytes(sha256.digest());
    }

    private record InodeKey(long device, long inode) {}

    private final class Walk {
        private final TarWriter tar;
        private final Map<InodeKey, String> firstNames = new HashMap<>();

        Walk(TarWriter tar) {
            this.tar = tar;
        }

        void directory(Path dir, String prefix) throws IOException {
            for (Path child : sortedChildren(dir)) {
                String name = prefix + child.getFileName().toString();
                FileStat stat = fs.lstat(child);
                if (stat.isSocket()) {
                    continue;
                }
                if (stat.isWhiteout()) {
                    tar.writeHeader(header(whiteoutName(name), TarWriter.Header.REGULAR, 0600, stat, 0, null,
                            Map.of()));
                    continue;
                }
                Map<String, byte[]> xattrs = new LinkedHashMap<>();
                boolean opaque = false;
                for (String xattr : sortedXattrs(child)) {
                    if (xattr.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX)) {
                        if (xattr.equals(Whiteouts.OPAQUE_XATTR) && stat.isDirectory()) {
                            opaque = fs.lgetxattr(child, xattr).map(v -> Arrays.equals(v, Whiteouts.OPAQUE_VALUE))
                                    .orElse(false);
                        }
                        continue;
                    }
                    Optional<byte[]> value = fs.lgetxattr(child, xattr);
                    value.ifPresent(v -> xattrs.put(xattr, v));
                }
                if (stat.isDirectory()) {
                    tar.writeHeader(header(name + "/", TarWriter.Header.DIRECTORY, stat.permissions(), stat, 0, null,
                            xattrs));
                    if (opaque) {
                        tar.writeHeader(header(name + "/" + Whiteouts.OPAQUE_MARKER, TarWriter.Header.REGULAR,
                                stat.permissions() & 0777, stat, 0, null, Map.of()));
                    }
                    directory(child, name + "/");
                    continue;
                }
                if (stat.links() > 1) {
                    InodeKey key = new InodeKey(stat.device(), stat.inode());
                    String first = firstNames.putIfAbsent(key, name);
                    if (first != null) {
                        // xattrs again, as Docker writes them: an applier that chowns the link
                        // (Docker's does) makes the kernel drop security.capability.
                        tar.writeHeader(header(name, TarWriter.Header.HARDLINK, stat.permissions(), stat, 0, first,
                                xattrs));
                        continue;
                    }
                }
                if (stat.isRegularFile()) {
                    tar.writeHeader(header(name, TarWriter.Header.REGULAR, stat.permissions(), stat, stat.size(), null,
                            xattrs));
                    try (InputStream in = Files.newInputStream(child, LinkOption.NOFOLLOW_LINKS)) {
                        tar.writeContent(in);
                    }
                } else if (stat.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(child).toString();
                    tar.writeHeader(header(name, TarWriter.Header.SYMLINK, stat.permissions(), stat, 0, target, xattrs));
                } else if (stat.isCharDevice() || stat.isBlockDevice()) {
                    byte type = stat.isCharDevice() ? TarWriter.Header.CHAR : TarWriter.Header.BLOCK_DEVICE;
                    tar.writeHeader(new TarWriter.Header(name, type, stat.permissions(),
                            Integer.toUnsignedLong(stat.uid()), Integer.toUnsignedLong(stat.gid()), 0,
                            seconds(stat), null, stat.rdevMajor(), stat.rdevMinor(), xattrs));
                } else if (stat.isFifo()) {
                    tar.writeHeader(header(name, TarWriter.Header.FIFO, stat.permissions(), stat, 0, null, xattrs));
                }
            }
        }

        private List<String> sortedXattrs(Path path) throws IOException {
            List<String> names = new ArrayList<>(fs.llistxattr(path));
            names.sort(null);
            return names;
        }
    }

    private static TarWriter.Header header(String name, byte type, int mode, FileStat stat, long size,
            String linkName, Map<String, byte[]> xattrs) {
        return new TarWriter.Header(name, type, mode, Integer.toUnsignedLong(stat.uid()),
                Integer.toUnsignedLong(stat.gid()), size, seconds(stat), linkName, 0, 0, xattrs);
    }

    private static long seconds(FileStat stat) {
        return stat.modifiedTime().toInstant().getEpochSecond();
    }

    private static String whiteoutName(String name) {
        int slash = name.lastIndexOf('/');
        return name.substring(0, slash + 1) + Whiteouts.PREFIX + name.substring(slash + 1);
    }

    /** Children sorted by the bytes of their UTF-8 names, as Go sorts strings. */
    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        }
        children.sort((a, b) -> Arrays.compareUnsigned(
                a.getFileName().toString().getBytes(StandardCharsets.UTF_8),
                b.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        return children;
    }
}
