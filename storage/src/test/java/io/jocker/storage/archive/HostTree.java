package io.jocker.storage.archive;

import io.jocker.linux.fs.FileSystemOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A fingerprint of a directory tree outside the apply root, to prove nothing there changed. */
final class HostTree {
    private HostTree() {}

    /** path → type, size, mode, links, mtime, link target or content hash, for every path. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Map<String, Object> a = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
                String detail = Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? TarBuilder.sha256(Files.readAllBytes(p))
                        : "";
                out.put(dir.relativize(p).toString(), a.get("mode") + " " + a.get("size") + " " + a.get("nlink") + " "
                        + a.get("uid") + ":" + a.get("gid") + " " + a.get("lastModifiedTime") + " " + detail + " "
                        + FileSystemOps.nativeOps().llistxattr(p));
            }
        }
        return out;
    }
}
