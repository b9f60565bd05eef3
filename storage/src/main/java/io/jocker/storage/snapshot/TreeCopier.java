package io.jocker.storage.snapshot;

import io.jocker.linux.fs.FileStat;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.FileSystemOps.NodeType;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Copies a directory tree exactly, as {@code cp -a} would and as Docker's vfs driver needs: regular
 * files, directories, symlinks (their targets verbatim), hard links (as links again), FIFOs and
 * device nodes, each with its numeric owner, all twelve mode bits, every extended attribute it
 * carries ({@code trusted.*} and {@code security.*} included, so overlay markers and file
 * capabilities survive) and its times. Sockets are skipped: one is meaningless without its
 * listener, and no layer tar can carry one either.
 *
 * <p>Per entry, in this order (the order matters): create; lchown (which clears setuid, setgid and
 * {@code security.capability}); the xattrs; the mode; the times. Directories get theirs after
 * their children, so that creating the children changes neither their times nor runs into a
 * read-only mode. Never follows a symlink and never leaves the source tree.
 *
 * <p>Thread-safe (stateless apart from the {@link FileSystemOps}, which is).
 */
final class TreeCopier {
    private final FileSystemOps fs;

    TreeCopier(FileSystemOps fs) {
        this.fs = fs;
    }

    /** Copies the tree under {@code source} into {@code target}, an existing empty directory. */
    void copy(Path source, Path target) throws IOException {
        Map<Inode, Path> linked = new HashMap<>();
        Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        if (!dir.equals(source)) {
                            Files.createDirectory(target.resolve(source.relativize(dir)));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        copyEntry(file, target.resolve(source.relativize(file)), linked);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                        if (failure != null) {
                            throw failure;
                        }
                        Path copy = target.resolve(source.relativize(dir));
                        copyMetadata(dir, copy, fs.lstat(dir));
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private record Inode(long device, long inode) {}

    private void copyEntry(Path file, Path copy, Map<Inode, Path> linked) throws IOException {
        FileStat stat = fs.lstat(file);
        if (stat.links() > 1) {
            Path first = linked.putIfAbsent(new Inode(stat.device(), stat.inode()), copy);
            if (first != null) {
                // Another name for an inode already copied: owner, mode, xattrs and times are shared.
                Files.createLink(copy, first);
                return;
            }
        }
        if (stat.isRegularFile()) {
            Files.copy(file, copy, LinkOption.NOFOLLOW_LINKS);
        } else if (stat.isSymbolicLink()) {
            Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
        } else if (stat.isCharDevice()) {
            fs.mknod(copy, NodeType.CHAR_DEVICE, stat.permissions(), stat.rdevMajor(), stat.rdevMinor());
        } else if (stat.isBlockDevice()) {
            fs.mknod(copy, NodeType.BLOCK_DEVICE, stat.permissions(), stat.rdevMajor(), stat.rdevMinor());
        } else if (stat.isFifo()) {
            fs.mknod(copy, NodeType.FIFO, stat.permissions(), 0, 0);
        } else {
            return; // a socket: see the class doc
        }
        copyMetadata(file, copy, stat);
    }

    private void copyMetadata(Path original, Path copy, FileStat stat) throws IOException {
        fs.lchown(copy, stat.uid(), stat.gid());
        for (String name : fs.llistxattr(original)) {
            var value = fs.lgetxattr(original, name);
            if (value.isPresent()) { // else removed since it was listed
                fs.lsetxattr(copy, name, value.get());
            }
        }
        if (!stat.isSymbolicLink()) {
            fs.chmod(copy, stat.permissions());
        }
        fs.lutimes(copy, stat.accessTime(), stat.modifiedTime());
    }
}
