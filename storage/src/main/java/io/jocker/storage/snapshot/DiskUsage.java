package io.jocker.storage.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * Measures a directory tree as {@link Usage} describes: apparent sizes of non-directories, each
 * inode once. Never follows symlinks or leaves the tree. Not thread-safe; one instance per walk.
 */
final class DiskUsage {
    private DiskUsage() {}

    static Usage of(Path root) throws IOException {
        Set<Object> seen = new HashSet<>();
        long[] totals = new long[2];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (seen.add(attrs.fileKey())) {
                    totals[1]++;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (seen.add(attrs.fileKey())) {
                    totals[0] += attrs.size();
                    totals[1]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Usage(totals[0], totals[1]);
    }
}
