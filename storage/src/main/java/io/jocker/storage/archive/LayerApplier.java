package io.jocker.storage.archive;

import io.jocker.common.error.EngineException;
import io.jocker.linux.fs.Errno;
import io.jocker.linux.fs.ErrnoException;
import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.FileSystemOps.NodeType;
import io.jocker.linux.fs.InRootResolver;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Unpacks a layer (a tar stream, plain, gzip or zstd, told by its first bytes) into a directory,
 * turning the layer's whiteouts into overlayfs ones or into deletions, after what the directory
 * holds ({@link WhiteoutMode}), and returns its diff ID: the sha256 of the whole decompressed
 * stream, read to its very end after the tar reader reports the archive's end (OCI image spec,
 * "Layer DiffID"), whichever the mode. Entries are read with commons-compress (ustar, PAX, GNU long
 * names, sparse files); every header block is checked again by {@link TarHeaderScanner}.
 *
 * <p>What an entry becomes (moby's go-archive {@code Unpack}/{@code createTarFile} with the overlay
 * whiteout converter is the reference, and its {@code UnpackLayer} for {@link WhiteoutMode#DELETE}):
 * <ul>
 *   <li>{@link WhiteoutMode#OVERLAY} (an overlay upper directory, the default):
 *       {@code dir/.wh.NAME}: NAME is removed if present and an overlay whiteout (character device
 *       0:0) is made in its place, owned and timed as the entry says; {@code dir/.wh..wh..opq}: xattr
 *       {@code trusted.overlay.opaque=y} on dir. Neither marker is written as a file.
 *   <li>{@link WhiteoutMode#DELETE} (a full copy of the parent's tree, changed in place):
 *       {@code dir/.wh.NAME}: NAME is removed if present, a directory with all it holds, a symlink
 *       as the link itself; {@code dir/.wh..wh..opq}: everything in dir is removed except what
 *       this layer wrote there before the marker (and the directories leading to it), as the
 *       merged overlay would show it. Neither marker is written, and dir must already exist:
 *       a deletion creates no directories, and a marker whose dir is missing, even behind a
 *       symlink pointing out of the root, is refused ({@code cannot extract ...: ENOENT}). Docker
 *       would create dir and delete nothing; such layers do not come from a diff of real layers.
 *   <li>Files, directories, symlinks, hard links, FIFOs and device nodes are made with the entry's
 *       owner (lchown, also for symlinks; skipped for a hard link whose inode already has that
 *       owner, since chown makes the kernel drop file capabilities), then its xattrs
 *       ({@code SCHILY.xattr.*}, values as raw bytes), then its mode with setuid/setgid/sticky
 *       (after the chown, which clears them; not for symlinks), then its times (atime = max(atime, mtime) as Docker does; times outside
 *       1970..2262 become the epoch). Directory times are set after all entries, so that creating
 *       their children does not change them.
 *   <li>xattrs the kernel refuses with EPERM are skipped with a warning (Docker does the same);
 *       EOPNOTSUPP fails the apply unless {@link Options#bestEffortXattrs}. xattrs named
 *       {@code trusted.overlay.*} other than {@code opaque} are skipped: overlay metadata such as
 *       redirect, metacopy or origin is the kernel's, and a layer must not plant it.
 *   <li>Character and block devices need root; with {@link Options#skipDeviceNodes} (a daemon in
 *       a user namespace) they are skipped and a FIFO the kernel refuses is skipped, as Docker does.
 *   <li>An entry over an existing non-directory replaces it; a directory over a directory merges
 *       (metadata applied). Replacing a directory with a non-directory or the reverse is refused
 *       unless {@link Options#replaceDirectories} (wanted when applying onto a copy of the parent
 *       layer, not into a fresh overlay upper directory).
 *   <li>The root entry ("." or "/") is skipped; global PAX headers that would change entries are
 *       refused (Go ignores them, commons would apply them).
 * </ul>
 *
 * <p>Confinement — nothing outside {@code root} is ever created, changed, removed or linked to,
 * whatever the layer says, so the daemon can run this as root on hostile layers:
 * <ol>
 *   <li>Names are cleaned like Go's {@code path.Clean} after stripping leading slashes, so
 *       {@code /etc/x} lands at {@code root/etc/x}; a name that still climbs out ({@code ../x},
 *       {@code a/../../x}) fails with {@code invalid entry name "../x"}.
 *   <li>Parent components are resolved one by one with lstat ({@link InRootResolver}): a symlink
 *       among them is followed as if {@code root} were "/" (an absolute target restarts at root,
 *       {@code ..} stops at root), what moby's chroot-like resolution and the kernel's
 *       RESOLVE_IN_ROOT do. Missing parents are created as 0755 directories inside root (not for
 *       a deletion, see above).
 *   <li>The final component is never followed: an existing symlink there is removed and replaced,
 *       files are created with O_CREAT|O_EXCL|O_NOFOLLOW, removals never descend through symlinks,
 *       and the seam's calls ({@code lchown}, {@code lsetxattr}, {@code chmod},
 *       {@code lutimes}) act on the path itself.
 *   <li>Hard-link targets are cleaned the same way ({@code invalid hardlink target "../x"} when
 *       they climb out), resolved inside root, must already exist there and must not be a
 *       directory. link(2) does not follow a final symlink, so a link to a symlink is another
 *       name for that symlink, never for what it points to. Symlink targets are stored verbatim
 *       (as Docker does): they are data, and are only ever followed by this class inside root.
 *   <li>Every path written to or removed is checked to start with root before it is used; a
 *       removal lstat-s each path and unlinks symlinks and other non-directories instead of
 *       descending, so it never leaves the tree it was given.
 * </ol>
 * The resolution works on path names, so it is exact only while no other process changes the
 * tree: {@code root} must be a directory only this call writes to (a fresh snapshot, or a fresh
 * copy of its parent), which is how the snapshotters use it. On failure the directory is left partly written; callers discard it.
 *
 * <p>Limits: an entry claiming more than {@link Options#maxEntrySize} bytes is refused before
 * anything is written for it, and a decompressed stream longer than {@link Options#maxLayerSize}
 * stops the apply (a gzip or zstd bomb, or an endless trailer). A stream that ends early is
 * "unexpected EOF", a header that does not check out is "archive/tar: invalid tar header" (both
 * Docker's words); a stream cut exactly between two entries reads as a shorter archive, as in Go
 * (the caller's diff ID check catches it). Names are decoded as UTF-8. Layer problems are {@link EngineException}s of kind INVALID_ARGUMENT; an
 * {@link IOException} means the source stream or the host file system failed.
 *
 * <p>Thread-safe: an instance has no mutable state; each call works on its own root. Does not
 * close the stream it is given.
 */
public final class LayerApplier {
    private static final System.Logger LOG = System.getLogger(LayerApplier.class.getName());

    private static final FileAttribute<Set<PosixFilePermission>> IMPLIED_DIRECTORY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
    /** New files are private until their entry's mode is applied. */
    private static final FileAttribute<Set<PosixFilePermission>> NEW_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final String XATTR_PAX_PREFIX = "SCHILY.xattr.";
    /** Go's time.Unix(0, math.MaxInt64): the last instant an int64 of nanoseconds can hold. */
    private static final Instant MAX_TIME = Instant.ofEpochSecond(0, Long.MAX_VALUE);
    private static final FileTime EPOCH = FileTime.from(Instant.EPOCH);

    /**
     * How an apply behaves. {@link #defaults()} suits pulling into a fresh overlay snapshot as root;
     * a copy-based snapshot ({@code FULL_TREE}) wants {@code defaults().withWhiteoutMode(DELETE)
     * .withReplaceDirectories(true)}.
     *
     * @param maxEntrySize the most bytes one entry may claim (its header's size, or real size of
     *     a sparse file)
     * @param maxLayerSize the most decompressed bytes the whole stream may have
     * @param replaceDirectories whether an entry may replace a directory with a non-directory or
     *     the reverse (Docker's {@code NoOverwriteDirNonDir=false}); refused when false
     * @param skipDeviceNodes skip character and block devices, and FIFOs the kernel refuses
     *     (Docker in a user namespace)
     * @param bestEffortXattrs skip xattrs the file system does not support (EOPNOTSUPP) instead of
     *     failing (Docker's {@code BestEffortXattrs})
     * @param whiteoutMode what whiteouts become: overlay whiteouts, or deletions in place
     */
    public record Options(long maxEntrySize, long maxLayerSize, boolean replaceDirectories,
            boolean skipDeviceNodes, boolean bestEffortXattrs, WhiteoutMode whiteoutMode) {
        /** 64 GiB: larger than any file an image is expected to carry. */
        public static final long DEFAULT_MAX_ENTRY_SIZE = 64L << 30;
        /** 1 TiB of decompressed tar. */
        public static final long DEFAULT_MAX_LAYER_SIZE = 1L << 40;

        public Options {
            if (maxEntrySize < 0 || maxLayerSize < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
            Objects.requireNonNull(whiteoutMode, "whiteoutMode");
        }

        public static Options defaults() {
            return new Options(DEFAULT_MAX_ENTRY_SIZE, DEFAULT_MAX_LAYER_SIZE, false, false, false,
                    WhiteoutMode.OVERLAY);
        }

        public Options withMaxEntrySize(long bytes) {
            return new Options(bytes, maxLayerSize,
                    replaceDirectories, skipDeviceNodes, bestEffortXattrs, whiteoutMode);
        }

        public Options withMaxLayerSize(long bytes) {
            return new Options(maxEntrySize, bytes,
                    replaceDirectories, skipDeviceNodes, bestEffortXattrs, whiteoutMode);
        }

        public Options withReplaceDirectories(boolean replace) {
            return new Options(maxEntrySize, maxLayerSize, replace, skipDeviceNodes, bestEffortXattrs, whiteoutMode);
        }

        public Options withSkipDeviceNodes(boolean skip) {
            return new Options(maxEntrySize, maxLayerSize, replaceDirectories, skip, bestEffortXattrs, whiteoutMode);
        }

        public Options withBestEffortXattrs(boolean bestEffort) {
            return new Options(maxEntrySize, maxLayerSize,
                    replaceDirectories, skipDeviceNodes, bestEffort, whiteoutMode);
        }

        public Options withWhiteoutMode(WhiteoutMode mode) {
            return new Options(maxEntrySize, maxLayerSize, replaceDirectories, skipDeviceNodes, bestEffortXattrs, mode);
        }
    }

    private final FileSystemOps fs;
    private final Options options;

    public LayerApplier(FileSystemOps fs) {
        this(fs, Options.defaults());
    }

    public LayerApplier(FileSystemOps fs, Options options) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.options = Objects.requireNonNull(options, "options");
    }

    public Options options() {
        return options;
    }

    /** An applier on the same file-system calls with other options (a snapshotter's whiteout mode, say). */
    public LayerApplier withOptions(Options other) {
        return new LayerApplier(fs, other);
    }

    /**
     * Unpacks {@code layer} into {@code root}.
     *
     * @param layer the layer blob, compressed or not; read to its end, not closed
     * @param root an existing directory that only this call writes to
     * @throws EngineException INVALID_ARGUMENT when the layer is malformed, truncated, over a
     *     limit, or tries to leave {@code root}
     * @throws IOException when reading {@code layer} or writing under {@code root} fails
     */
    public AppliedLayer apply(InputStream layer, Path root) throws IOException {
        Path realRoot = root.toRealPath();
        if (!Files.isDirectory(realRoot, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(realRoot.toString());
        }
        Compression.Decompressed decompressed;
        try {
            decompressed = Compression.open(new SourceStream(layer));
        } catch (IOException e) {
            throw readError(e);
        }
        try (LayerStream stream = new LayerStream(decompressed.stream(), options.maxLayerSize());
                TarArchiveInputStream tar = new TarArchiveInputStream(stream, "UTF-8")) {
            Unpack unpack = new Unpack(realRoot, tar, stream);
            unpack.run();
            return new AppliedLayer(stream.digest(), decompressed.compression(), unpack.bytesWritten);
        }
    }

    /** The kinds of entry this applier makes. */
    private enum Kind { DIRECTORY, REGULAR, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    private record DirectoryTimes(Path path, FileTime accessTime, FileTime modifiedTime) {}

    /** One apply: the state of walking one stream into one root. */
    private final class Unpack {
        private final Path root;
        private final TarArchiveInputStream tar;
        private final LayerStream stream;
        private final List<DirectoryTimes> directories = new ArrayList<>();
        /**
         * {@link WhiteoutMode#DELETE} only: every path this layer has written so far, so that an
         * opaque marker keeps them (moby's {@code unpackedPaths}), with its ancestors up to the
         * root: unlike moby, a directory the layer only implies (or merges into) keeps what the
         * layer put in it, as the merged overlay would.
         */
        private final Set<Path> written = new HashSet<>();
        private final byte[] buffer = new byte[64 * 1024];
        private long bytesWritten;

        Unpack(Path root, TarArchiveInputStream tar, LayerStream stream) {
            this.root = root;
            this.tar = tar;
            this.stream = stream;
        }

        void run() throws IOException {
            while (true) {
                stream.startCapture();
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException e) {
                    throw headerError(e, stream.stopCapture());
                } catch (RuntimeException e) {
                    stream.stopCapture();
                    throw invalid(LayerFormatException.INVALID_HEADER, e);
                }
                LayerStream.Capture capture = stream.stopCapture();
                TarHeaderScanner.Scan scan;
                try {
                    scan = TarHeaderScanner.scan(capture.start(), capture.bytes(),
                            entry != null ? TarHeaderScanner.Outcome.ENTRY : TarHeaderScanner.Outcome.END);
                } catch (LayerFormatException e) {
                    throw invalid(e.getMessage(), e);
                }
                if (entry == null) {
                    break;
                }
                try {
                    unpack(entry, scan.pax());
                } catch (InvalidPathException e) {
                    throw invalid("invalid entry name " + quote(entry.getName()), e);
                }
                skipRest();
            }
            try {
                stream.drain();
            } catch (IOException e) {
                throw readError(e);
            }
            for (DirectoryTimes d : directories) {
                try {
                    fs.lutimes(d.path(), d.accessTime(), d.modifiedTime());
                } catch (ErrnoException e) {
                    // A later entry of this layer removed the directory: nothing left to stamp.
                    if (e.errno() != Errno.ENOENT) {
                        throw e;
                    }
                }
            }
        }

        private void unpack(TarArchiveEntry entry, Map<String, byte[]> pax) throws IOException {
            String rawName = entry.getName();
            Kind kind = kind(entry);
            String name = clean(rawName);
            if (name.equals(".")) {
                return;
            }
            if (!isLocal(name)) {
                throw invalid("invalid entry name " + quote(rawName));
            }
            long claimed = Math.max(entry.getSize(), entry.getRealSize());
            if (claimed > options.maxEntrySize()) {
                throw invalid("layer entry " + quote(name) + " is " + claimed + " bytes, over the limit of "
                        + options.maxEntrySize() + " bytes");
            }
            int slash = name.lastIndexOf('/');
            String base = name.substring(slash + 1);
            if (base.equals(Whiteouts.PREFIX) || base.equals(Whiteouts.PREFIX + ".")
                    || base.equals(Whiteouts.PREFIX + "..")) {
                throw invalid("invalid whiteout entry " + quote(rawName));
            }
            String parentName = slash < 0 ? "" : name.substring(0, slash);
            if (base.startsWith(Whiteouts.PREFIX) && options.whiteoutMode() == WhiteoutMode.DELETE) {
                delete(parentName, base, rawName);
                return;
            }
            Path parent = resolveParent(parentName, rawName, true);
            Path target = inside(parent.resolve(base));

            if (base.equals(Whiteouts.OPAQUE_MARKER)) {
                fs.lsetxattr(parent, Whiteouts.OPAQUE_XATTR, Whiteouts.OPAQUE_VALUE);
                return;
            }
            if (base.startsWith(Whiteouts.PREFIX)) {
                Path deleted = inside(parent.resolve(base.substring(Whiteouts.PREFIX.length())));
                if (lstatOrNull(deleted) != null) {
                    removeRecursively(deleted);
                }
                fs.mkWhiteout(deleted);
                // Docker skips the chown for 0:0, assuming it runs as root; be exact instead.
                fs.lchown(deleted, id(entry.getLongUserId(), "uid", name), id(entry.getLongGroupId(), "gid", name));
                // Not in Docker; makes apply-then-diff give back the same entry.
                FileTime modified = bound(entry.getLastModifiedTime());
                fs.lutimes(deleted, modified, modified);
                return;
            }
            if (kind == null) {
                throw invalid("unhandled tar header type " + (entry.getLinkFlag() & 0xff));
            }
            Path linkTarget = kind == Kind.HARDLINK ? hardlinkTarget(entry.getLinkName()) : null;

            BasicFileAttributes existing = lstatOrNull(target);
            if (existing != null) {
                boolean existingDirectory = existing.isDirectory();
                boolean entryDirectory = kind == Kind.DIRECTORY;
                if (existingDirectory != entryDirectory && !options.replaceDirectories()) {
                    throw invalid(existingDirectory
                            ? "cannot overwrite directory " + quote(name) + " with non-directory " + quote(root.toString())
                            : "cannot overwrite non-directory " + quote(name) + " with directory " + quote(root.toString()));
                }
                if (!(existingDirectory && entryDirectory)) {
                    removeRecursively(target);
                    existing = null;
                }
            }

            switch (kind) {
                case DIRECTORY -> {
                    if (existing == null) {
                        Files.createDirectory(target);
                    }
                }
                case REGULAR -> writeFile(target, entry, name);
                case SYMLINK -> {
                    String link = entry.getLinkName();
                    if (link.isEmpty()) {
                        throw invalid("invalid symlink " + quote(name) + " -> \"\"");
                    }
                    fs.symlink(link, target);
                }
                case HARDLINK -> {
                    if (linkTarget.equals(target)) {
                        // The entry replaced what it links to (Docker's link(2) fails with ENOENT).
                        throw invalid("invalid hardlink target " + quote(entry.getLinkName()) + ": no such file in the layer");
                    }
                    try {
                        Files.createLink(target, linkTarget);
                    } catch (NoSuchFileException e) {
                        // The target was inside what this entry replaced.
                        throw invalid("invalid hardlink target " + quote(entry.getLinkName())
                                + ": no such file in the layer", e);
                    }
                }
                case CHAR_DEVICE, BLOCK_DEVICE -> {
                    if (options.skipDeviceNodes()) {
                        LOG.log(System.Logger.Level.DEBUG, "skipping device node {0} in a user namespace", name);
                        return;
                    }
                    fs.mknod(target, kind == Kind.CHAR_DEVICE ? NodeType.CHAR_DEVICE : NodeType.BLOCK_DEVICE,
                            entry.getMode() & 07777, entry.getDevMajor(), entry.getDevMinor());
                }
                case FIFO -> {
                    try {
                        fs.mknod(target, NodeType.FIFO, entry.getMode() & 07777, 0, 0);
                    } catch (ErrnoException e) {
                        if (options.skipDeviceNodes() && e.errno() == Errno.EPERM) {
                            LOG.log(System.Logger.Level.DEBUG, "skipping FIFO {0} in a user namespace", name);
                            return;
                        }
                        throw e;
                    }
                }
            }
            if (options.whiteoutMode() == WhiteoutMode.DELETE) {
                recordWritten(target);
            }
            applyMetadata(entry, kind, target, name, pax);
        }

        /**
         * A whiteout in {@link WhiteoutMode#DELETE}: removes what it names from the tree. Its
         * directory must already be there (resolved inside root, nothing created): a whiteout
         * whose directory the tree lacks, or reaches only through a symlink to a place the tree
         * lacks, does not fit the layers below it and is refused.
         */
        private void delete(String parentName, String base, String rawName) throws IOException {
            Path parent = resolveParent(parentName, rawName, false);
            if (base.equals(Whiteouts.OPAQUE_MARKER)) {
                removeEarlierContents(parent);
                return;
            }
            Path deleted = inside(parent.resolve(base.substring(Whiteouts.PREFIX.length())));
            if (lstatOrNull(deleted) != null) {
                removeRecursively(deleted);
            }
        }

        /**
         * An opaque marker in {@link WhiteoutMode#DELETE}: empties {@code dir} of what the layers
         * below put there. What this layer wrote before the marker stays, and so do the
         * directories leading to it, whose other contents go; what follows the marker is written
         * after this runs. That is what the merged overlay shows for an opaque directory.
         */
        private void removeEarlierContents(Path dir) throws IOException {
            Deque<Path> pending = new ArrayDeque<>();
            pending.push(dir);
            while (!pending.isEmpty()) {
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> stream = Files.newDirectoryStream(pending.pop())) {
                    stream.forEach(children::add);
                }
                for (Path child : children) {
                    if (!written.contains(child)) {
                        removeRecursively(child);
                    } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        pending.push(child);
                    }
                }
            }
        }

        private void recordWritten(Path path) {
            for (Path p = path; p != null && !p.equals(root) && p.startsWith(root); p = p.getParent()) {
                if (!written.add(p)) {
                    break; // its ancestors were recorded with it
                }
            }
        }

        private void applyMetadata(TarArchiveEntry entry, Kind kind, Path target, String name,
                Map<String, byte[]> pax) throws IOException {
            int uid = id(entry.getLongUserId(), "uid", name);
            int gid = id(entry.getLongGroupId(), "gid", name);
            // chown(2) makes the kernel drop security.capability and setuid/setgid; for a hard link
            // to an inode that already has the owner, that would only lose what its first entry set.
            boolean ownedAlready = false;
            if (kind == Kind.HARDLINK) {
                FileStat stat = fs.lstat(target);
                ownedAlready = stat.uid() == uid && stat.gid() == gid;
            }
            if (!ownedAlready) {
                fs.lchown(target, uid, gid);
            }
            applyXattrs(target, name, pax);
            // A hard link to a symlink shares the symlink's inode: it has no mode and its times
            // were the symlink entry's business.
            boolean symlinkInode = kind == Kind.SYMLINK
                    || (kind == Kind.HARDLINK && Files.isSymbolicLink(target));
            if (!symlinkInode) {
                fs.chmod(target, entry.getMode() & 07777);
            }
            FileTime modified = bound(entry.getLastModifiedTime());
            FileTime accessed = entry.getLastAccessTime() == null ? modified : bound(entry.getLastAccessTime());
            if (accessed.compareTo(modified) < 0) {
                accessed = modified;
            }
            if (kind == Kind.DIRECTORY) {
                directories.add(new DirectoryTimes(target, accessed, modified));
            } else if (kind == Kind.SYMLINK || !symlinkInode) {
                fs.lutimes(target, accessed, modified);
            }
        }

        private void applyXattrs(Path target, String name, Map<String, byte[]> pax) throws IOException {
            for (Map.Entry<String, byte[]> record : pax.entrySet()) {
                if (!record.getKey().startsWith(XATTR_PAX_PREFIX)) {
                    continue;
                }
                String xattr = record.getKey().substring(XATTR_PAX_PREFIX.length());
                if (xattr.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX) && !xattr.equals(Whiteouts.OPAQUE_XATTR)) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring xattr {0} of layer entry {1}: overlay metadata"
                            + " comes only from whiteout markers", xattr, name);
                    continue;
                }
                try {
                    fs.lsetxattr(target, xattr, record.getValue());
                } catch (ErrnoException e) {
                    boolean unsupported = e.errno() == Errno.EOPNOTSUPP && options.bestEffortXattrs();
                    if (e.errno() == Errno.EPERM || unsupported) {
                        LOG.log(System.Logger.Level.WARNING, "ignored xattr {0} of layer entry {1}: {2}",
                                xattr, name, e.getMessage());
                        continue;
                    }
                    throw e;
                }
            }
        }

        private void writeFile(Path target, TarArchiveEntry entry, String name) throws IOException {
            long expected = entry.getRealSize();
            long copied = 0;
            try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(target,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    NEW_FILE))) {
                int n;
                while ((n = readData()) >= 0) {
                    out.write(buffer, 0, n);
                    copied += n;
                }
            }
            if (copied != expected) {
                throw invalid(LayerFormatException.UNEXPECTED_EOF);
            }
            bytesWritten += copied;
        }

        private int readData() throws IOException {
            try {
                return tar.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw readError(e);
            } catch (RuntimeException e) {
                throw invalid(LayerFormatException.INVALID_HEADER, e);
            }
        }

        /** Reads what is left of the entry's data, so the next header starts where we expect it. */
        private void skipRest() throws IOException {
            while (readData() >= 0) {
                // discard
            }
        }

        /**
         * Resolves an entry's directory inside root, creating missing directories as 0755 when
         * {@code create}; refuses the entry when a component is missing (and not created), not a
         * directory, or a symlink loop.
         */
        private Path resolveParent(String parent, String rawName, boolean create) throws IOException {
            InRootResolver.MissingDirectory onMissing = !create ? null : dir -> {
                Files.createDirectory(inside(dir), IMPLIED_DIRECTORY);
                fs.chmod(dir, 0755); // exact, whatever the process umask
            };
            try {
                Path resolved = InRootResolver.resolve(root, parent, true, onMissing);
                if (!resolved.startsWith(root)) {
                    throw new IllegalStateException("refusing to write under " + resolved + ", outside " + root);
                }
                if (!Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS)) {
                    throw new ErrnoException("resolve", resolved, "in root " + root, Errno.ENOTDIR);
                }
                return resolved;
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP || e.errno() == Errno.ENOENT) {
                    throw invalid("cannot extract " + quote(rawName) + ": " + e.getMessage(), e);
                }
                throw e;
            }
        }

        private Path hardlinkTarget(String linkName) throws IOException {
            String cleaned = clean(linkName);
            if (cleaned.equals(".") || !isLocal(cleaned)) {
                throw invalid("invalid hardlink target " + quote(linkName));
            }
            int slash = cleaned.lastIndexOf('/');
            Path parent;
            try {
                parent = InRootResolver.resolve(root, slash < 0 ? "" : cleaned.substring(0, slash), true, null);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) {
                    throw invalid("invalid hardlink target " + quote(linkName) + ": no such file in the layer", e);
                }
                if (e.errno() == Errno.ENOTDIR || e.errno() == Errno.ELOOP) {
                    throw invalid("invalid hardlink target " + quote(linkName) + ": " + e.getMessage(), e);
                }
                throw e;
            }
            Path target = inside(parent.resolve(cleaned.substring(slash + 1)));
            BasicFileAttributes attributes = lstatOrNull(target);
            if (attributes == null) {
                throw invalid("invalid hardlink target " + quote(linkName) + ": no such file in the layer");
            }
            if (attributes.isDirectory()) {
                throw invalid("invalid hardlink target " + quote(linkName) + ": is a directory");
            }
            return target;
        }

        private Path inside(Path path) {
            if (!path.startsWith(root) || path.equals(root)) {
                // Unreachable by construction; the last line of defence of the confinement rules.
                throw new IllegalStateException("refusing to write " + path + " outside " + root);
            }
            return path;
        }

        /** Deletes a tree without following symlinks (a symlink is removed, not its target). */
        private void removeRecursively(Path path) throws IOException {
            Deque<Path> pending = new ArrayDeque<>();
            pending.push(inside(path));
            List<Path> directoriesToDelete = new ArrayList<>();
            while (!pending.isEmpty()) {
                Path p = pending.pop();
                BasicFileAttributes a = lstatOrNull(p);
                if (a == null) {
                    continue;
                }
                if (a.isDirectory()) {
                    directoriesToDelete.add(p);
                    try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                        for (Path child : children) {
                            pending.push(child);
                        }
                    }
                } else {
                    Files.delete(p);
                }
            }
            for (int i = directoriesToDelete.size() - 1; i >= 0; i--) {
                Files.delete(directoriesToDelete.get(i));
            }
        }
    }

    private static Kind kind(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return switch (flag) {
            case TarConstants.LF_DIR -> Kind.DIRECTORY;
            // V7 tar: an old-style regular entry whose name ends in '/' is a directory.
            case TarConstants.LF_OLDNORM, TarConstants.LF_NORMAL ->
                    entry.getName().endsWith("/") ? Kind.DIRECTORY : Kind.REGULAR;
            case TarConstants.LF_GNUTYPE_SPARSE -> Kind.REGULAR;
            case TarConstants.LF_SYMLINK -> Kind.SYMLINK;
            case TarConstants.LF_LINK -> Kind.HARDLINK;
            case TarConstants.LF_CHR -> Kind.CHAR_DEVICE;
            case TarConstants.LF_BLK -> Kind.BLOCK_DEVICE;
            case TarConstants.LF_FIFO -> Kind.FIFO;
            default -> null;
        };
    }

    /** Go's {@code path.Clean(strings.TrimLeft(name, "/"))}: "." for the root. */
    static String clean(String name) {
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.getLast().equals("..")) {
                parts.removeLast();
            } else {
                parts.add(part);
            }
        }
        return parts.isEmpty() ? "." : String.join("/", parts);
    }

    /** Go's {@code filepath.IsLocal} for a cleaned relative name: it does not climb out. */
    static boolean isLocal(String cleaned) {
        return !cleaned.equals("..") && !cleaned.startsWith("../");
    }

    /** Go's %q, enough for messages: quotes, escapes quotes, backslashes and control bytes. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** An owner id as the kernel's unsigned 32 bits; -1 would mean "unchanged" to lchown. */
    private static int id(long value, String what, String name) {
        if (value < 0 || value > 0xFFFF_FFFEL) {
            throw invalid("invalid " + what + " " + value + " of layer entry " + quote(name));
        }
        return (int) value;
    }

    /** Docker's boundTime: times an int64 of nanoseconds since 1970 cannot hold become the epoch. */
    private static FileTime bound(FileTime time) {
        if (time == null) {
            return EPOCH;
        }
        Instant instant = time.toInstant();
        return instant.isBefore(Instant.EPOCH) || instant.isAfter(MAX_TIME) ? EPOCH : time;
    }

    private static BasicFileAttributes lstatOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static EngineException invalid(String message) {
        return EngineException.invalidArgument(message);
    }

    private static EngineException invalid(String message, Throwable cause) {
        return EngineException.invalidArgument(message, cause);
    }

    /**
     * The tar reader failed while looking for the next entry: the source's failure as is, a limit
     * or format error of ours, else what the raw headers show (bad checksum, truncation, in
     * Docker's words), else the reader's own message.
     */
    private static EngineException headerError(IOException e, LayerStream.Capture capture) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException || t instanceof LayerFormatException) {
                return readError(e);
            }
        }
        try {
            TarHeaderScanner.scan(capture.start(), capture.bytes(), TarHeaderScanner.Outcome.FAILED);
        } catch (LayerFormatException diagnosis) {
            return invalid(diagnosis.getMessage(), e);
        }
        return readError(e);
    }

    /**
     * An IOException from the read pipeline: rethrown as is when the source stream failed,
     * else the layer's bytes are wrong and it becomes INVALID_ARGUMENT.
     */
    private static EngineException readError(IOException e) throws IOException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException source) {
                throw (IOException) source.getCause();
            }
            if (t instanceof LayerFormatException format) {
                return invalid(format.getMessage(), e);
            }
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof EOFException || message.contains("Truncated") || message.contains("truncated")
                || message.contains("Unexpected end") || message.contains("premature end")) {
            return invalid(LayerFormatException.UNEXPECTED_EOF, e);
        }
        return invalid("invalid layer: " + message, e);
    }

    /** Marks failures of the caller's stream, so they are not mistaken for bad layer bytes. */
    private static final class SourceException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The caller's stream: failures marked, close left to the caller. */
    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceException(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException e) {
                throw new SourceException(e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException e) {
                throw new SourceException(e);
            }
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }

    /** For tests: the xattr records of a PAX map, as this applier reads them. */
    static Map<String, byte[]> xattrsOf(Map<String, byte[]> pax) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        pax.forEach((k, v) -> {
            if (k.startsWith(XATTR_PAX_PREFIX)) {
                out.put(k.substring(XATTR_PAX_PREFIX.length()), v);
            }
        });
        return out;
    }
}
