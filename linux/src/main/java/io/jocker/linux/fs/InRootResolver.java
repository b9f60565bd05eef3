package io.jocker.linux.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory the way a process chrooted to that root would, with
 * {@code lstat} and {@code readlink} on one component at a time: an absolute symlink restarts at
 * the root, {@code ..} at the root stays at the root, and nothing outside the root is ever
 * looked at. This is the kernel's {@code openat2(RESOLVE_IN_ROOT)} (containerd's
 * {@code fs.RootPath}, moby's chroot-like {@code resolveArchivePath}) written with Java's file API,
 * so it also works on fakes and on kernels before 5.6.
 *
 * <p>Missing components either fail with ENOENT or, when the caller passes a
 * {@link MissingDirectory} hook, are created as directories (the layer applier's implied parent
 * directories). Symlinks are followed at most {@value #MAX_SYMLINKS} times (ELOOP past that);
 * a component that exists but is neither a directory nor a symlink fails with ENOTDIR.
 *
 * <p>The answer is a path name: it is exact only while no other process changes the tree. Callers
 * use it on trees they own for the duration (a snapshot being unpacked). Thread-safe (stateless).
 */
public final class InRootResolver {
    /** The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS). */
    public static final int MAX_SYMLINKS = 40;

    /** Creates the missing directory {@code dir}, whose parent exists inside the root. */
    @FunctionalInterface
    public interface MissingDirectory {
        void create(Path dir) throws IOException;
    }

    private InRootResolver() {}

    /**
     * Resolves every component of {@code path} inside {@code root}.
     *
     * @param root the directory playing "/"; should be a real path ({@link Path#toRealPath}) so
     *     that the result can be compared with it
     * @param path relative or absolute, interpreted inside {@code root}; "" and "/" mean the root
     * @param followFinal whether a symlink as the final component is followed (true) or returned
     *     as is (false, like {@code O_NOFOLLOW}); a missing final component is created only when
     *     {@code onMissing} is given
     * @param onMissing creates missing components as directories, or null to fail with ENOENT
     * @return an absolute path that starts with {@code root}
     */
    public static Path resolve(Path root, String path, boolean followFinal, MissingDirectory onMissing)
            throws IOException {
        Deque<String> todo = new ArrayDeque<>(components(path));
        Deque<Path> parents = new ArrayDeque<>();
        Path current = root;
        int symlinks = 0;
        while (!todo.isEmpty()) {
            String name = todo.removeFirst();
            if (name.equals("..")) {
                if (!parents.isEmpty()) {
                    current = parents.removeFirst();
                }
                continue;
            }
            Path next = current.resolve(name);
            boolean last = todo.isEmpty();
            BasicFileAttributes attributes = lstatOrNull(next);
            if (attributes == null) {
                if (onMissing == null) {
                    throw new ErrnoException("resolve", next, "in root " + root, Errno.ENOENT);
                }
                onMissing.create(next);
                attributes = lstatOrNull(next);
                if (attributes == null || !attributes.isDirectory()) {
                    throw new ErrnoException("mkdir", next, Errno.ENOENT);
                }
            }
            if (attributes.isSymbolicLink() && (!last || followFinal)) {
                if (++symlinks > MAX_SYMLINKS) {
                    throw new ErrnoException("resolve", next, "in root " + root, Errno.ELOOP);
                }
                String target = Files.readSymbolicLink(next).toString();
                if (target.isEmpty()) {
                    throw new ErrnoException("resolve", next, "in root " + root, Errno.ENOENT);
                }
                if (target.startsWith("/")) {
                    current = root;
                    parents.clear();
                }
                List<String> targetComponents = components(target);
                for (int i = targetComponents.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetComponents.get(i));
                }
                continue;
            }
            if (!last && !attributes.isDirectory()) {
                throw new ErrnoException("resolve", next, "in root " + root, Errno.ENOTDIR);
            }
            parents.addFirst(current);
            current = next;
        }
        if (!current.startsWith(root)) {
            // Unreachable by construction: every step is root.resolve(single component).
            throw new IllegalStateException("resolved " + path + " to " + current + ", outside " + root);
        }
        return current;
    }

    /** The non-empty components other than ".", in order. */
    static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                out.add(part);
            }
        }
        return out;
    }

    private static BasicFileAttributes lstatOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
