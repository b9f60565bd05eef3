package io.jocker.linux.mount;

import io.jocker.linux.fs.Errno;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fake {@link Mounter} for unit tests of the code above the seam: it records every call, keeps a
 * mount table in memory and mounts nothing. It checks what the kernel would check before touching
 * anything, with the same errno: the target and every source directory must exist (ENOENT),
 * unmounting a path with no mount fails (EINVAL), and an overlay with no upper directory needs two
 * lower directories (EINVAL). {@link #failNext} makes the next call of an operation fail.
 *
 * <p>Mounts stack as in the kernel: a second mount on a target hides the first until unmounted.
 * Paths are compared after {@code toAbsolutePath().normalize()}, without resolving symlinks.
 *
 * <p>Thread-safe (every method synchronizes on this).
 */
public final class RecordingMounter implements Mounter {

    /**
     * One call as it was made, e.g. {@code Call("mountOverlay", target, "lower=[/a, /b] upper=/u
     * work=/w rw")}.
     */
    public record Call(String operation, Path target, String detail) {}

    /** A mount in the fake table; {@code lowerTopFirst} is empty for bind mounts. */
    public record Mount(String fsType, Path target, Path source, List<Path> lowerTopFirst, Path upper, Path work,
            boolean readOnly) {
        public Mount {
            lowerTopFirst = List.copyOf(lowerTopFirst);
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<Mount> table = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private int nextMountId = 100;

    /** Every call so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one operation ("mountOverlay", "bindMount", "unmount"), in order. */
    public synchronized List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    /** The mounts in place, oldest first. */
    public synchronized List<Mount> mounted() {
        return List.copyOf(table);
    }

    /** Makes the next call of {@code operation} ("mountOverlay", "bindMount", "unmount") fail with {@code errno}. */
    public synchronized RecordingMounter failNext(String operation, int errno) {
        failures.put(operation, errno);
        return this;
    }

    @Override
    public synchronized void mountOverlay(List<Path> lowerTopFirst, Path upper, Path work, Path target,
            boolean readOnly) throws IOException {
        Objects.requireNonNull(target, "target");
        record("mountOverlay", target, "lower=" + lowerTopFirst + (upper == null ? "" : " upper=" + upper
                + " work=" + work) + (readOnly ? " ro" : " rw"));
        if (lowerTopFirst.isEmpty()) {
            throw new IllegalArgumentException("an overlay needs at least one lower directory");
        }
        if ((upper == null) != (work == null)) {
            throw new IllegalArgumentException("upper and work directories go together: " + upper + ", " + work);
        }
        injectedFailure("mountOverlay", "mount overlay", target);
        requireDirectory("mount overlay", target, target);
        for (Path lower : lowerTopFirst) {
            requireDirectory("fsconfig lowerdir+=" + lower + " for overlay", lower, target);
        }
        if (upper != null) {
            requireDirectory("fsconfig upperdir=" + upper + " for overlay", upper, target);
            requireDirectory("fsconfig workdir=" + work + " for overlay", work, target);
        } else if (lowerTopFirst.size() < 2) {
            throw new MountException("fsconfig create overlay", target, Errno.EINVAL,
                    List.of("overlayfs: at least 2 lowerdir are needed while upperdir nonexistent"));
        }
        table.add(new Mount("overlay", normal(target), null, lowerTopFirst.stream().map(RecordingMounter::normal)
                .toList(), upper == null ? null : normal(upper), work == null ? null : normal(work),
                readOnly || upper == null));
    }

    @Override
    public synchronized void bindMount(Path source, Path target, boolean readOnly) throws IOException {
        record("bindMount", target, "source=" + source + (readOnly ? " ro" : " rw"));
        injectedFailure("bindMount", "mount --bind " + source, target);
        requireExists("mount --bind " + source, source, target);
        requireExists("mount --bind " + source, target, target);
        table.add(new Mount("bind", normal(target), normal(source), List.of(), null, null, readOnly));
    }

    @Override
    public synchronized void unmount(Path target, boolean detach) throws IOException {
        record("unmount", target, detach ? "detach" : "");
        String operation = detach ? "umount2 MNT_DETACH" : "umount2";
        injectedFailure("unmount", operation, target);
        Path normal = normal(target);
        for (int i = table.size() - 1; i >= 0; i--) {
            if (table.get(i).target().equals(normal)) {
                table.remove(i);
                return;
            }
        }
        throw new MountException(operation, target, Errno.EINVAL);
    }

    @Override
    public synchronized boolean isMountPoint(Path path) {
        Path normal = normal(path);
        return table.stream().anyMatch(m -> m.target().equals(normal));
    }

    @Override
    public synchronized List<MountInfo> mountsUnder(Path prefix) {
        Path normal = normal(prefix);
        List<MountInfo> infos = new ArrayList<>();
        int id = nextMountId;
        for (Mount m : table) {
            if (m.target().startsWith(normal)) {
                infos.add(new MountInfo(id++, 1, "0:0", m.source() == null ? "/" : m.source().toString(),
                        m.target(), m.readOnly() ? "ro" : "rw", List.of(), m.fsType(),
                        m.source() == null ? "overlay" : m.source().toString(), superOptions(m)));
            }
        }
        return infos;
    }

    private static String superOptions(Mount m) {
        if (!m.fsType().equals("overlay")) {
            return "rw";
        }
        String lowers = String.join(":", m.lowerTopFirst().stream().map(Path::toString).toList());
        return "rw,lowerdir=" + lowers + (m.upper() == null ? "" : ",upperdir=" + m.upper() + ",workdir=" + m.work());
    }

    private void record(String operation, Path target, String detail) {
        calls.add(new Call(operation, target, detail));
    }

    private void injectedFailure(String key, String operation, Path target) throws MountException {
        Integer errno = failures.remove(key);
        if (errno != null) {
            throw new MountException(operation, target, errno);
        }
    }

    private static void requireDirectory(String operation, Path path, Path target) throws MountException {
        if (!Files.exists(path)) {
            throw new MountException(operation, target, Errno.ENOENT);
        }
        if (!Files.isDirectory(path)) {
            throw new MountException(operation, target, Errno.ENOTDIR);
        }
    }

    private static void requireExists(String operation, Path path, Path target) throws MountException {
        if (!Files.exists(path)) {
            throw new MountException(operation, target, Errno.ENOENT);
        }
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }
}
