package io.jocker.storage.snapshot;

import io.jocker.linux.mount.MountInfo;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, in a mount table, what still uses a snapshot directory, so that its files are not deleted
 * under a live mount:
 * <ol>
 *   <li>a mount anywhere inside the directory (deleting the tree would descend into it);
 *   <li>an overlay naming a path inside it as a lower, upper or work directory (the kernel lists
 *       them in the super options when they were passed as paths; the {@code /proc/self/fd/N}
 *       fallback of kernels before 6.8 hides them, so this check is best effort there);
 *   <li>a bind mount of something inside it: a mount of the same file system whose root (field 4
 *       of mountinfo, relative to that file system) lies inside the directory.
 * </ol>
 * Stateless and thread-safe.
 */
final class MountUse {
    private static final Set<String> OVERLAY_DIR_OPTIONS = Set.of("lowerdir", "upperdir", "workdir", "datadir");

    private MountUse() {}

    /** Why {@code dir} is in use ("/x is mounted", "it is in use by the overlay on /y"), if it is. */
    static Optional<String> find(Path dir, List<MountInfo> table) {
        for (MountInfo m : table) {
            if (m.mountPoint().startsWith(dir)) {
                return Optional.of(m.mountPoint() + " is mounted");
            }
        }
        for (MountInfo m : table) {
            if (m.fsType().equals("overlay") && overlayUses(m, dir)) {
                return Optional.of("it is in use by the overlay on " + m.mountPoint());
            }
        }
        Optional<MountInfo> holder = table.stream()
                .filter(m -> dir.startsWith(m.mountPoint()))
                .max(Comparator.comparingInt(m -> m.mountPoint().getNameCount()));
        // Where the directory lies inside its file system; without a holding mount (a fake table),
        // as if that file system were mounted at "/".
        Path inFileSystem = holder.map(h -> Path.of(h.root()).resolve(h.mountPoint().relativize(dir))).orElse(dir);
        for (MountInfo m : table) {
            boolean sameFileSystem = holder.isEmpty() || holder.get().device().equals(m.device());
            if (sameFileSystem && !m.equals(holder.orElse(null)) && Path.of(m.root()).startsWith(inFileSystem)) {
                return Optional.of("it is bind-mounted on " + m.mountPoint());
            }
        }
        return Optional.empty();
    }

    private static boolean overlayUses(MountInfo overlay, Path dir) {
        for (String option : overlay.superOptions().split(",")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            if (eq < 0 || !OVERLAY_DIR_OPTIONS.contains(key.replace("+", ""))) {
                continue;
            }
            for (String path : option.substring(eq + 1).split(":")) {
                if (!path.isEmpty() && path.startsWith("/") && Path.of(path).startsWith(dir)) {
                    return true;
                }
            }
        }
        return false;
    }
}
