package io.jocker.linux.mount;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)), with the kernel's octal escapes
 * ({@code \040} for a space, {@code \011}, {@code \012}, {@code \134}) undone.
 *
 * <pre>
 * 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * (1)(2)(3)   (4)   (5)      (6)      (7)   (8) (9)    (10)         (11)
 * </pre>
 *
 * @param mountId (1) unique id of the mount
 * @param parentId (2) id of the parent mount
 * @param device (3) st_dev of the file system, "major:minor"
 * @param root (4) the directory of the file system that forms the root of this mount
 * @param mountPoint (5) where the mount sits, relative to the process's root
 * @param mountOptions (6) per-mount options ("rw,relatime")
 * @param optionalFields (7) propagation fields ("shared:1", "master:2"), possibly none
 * @param fsType (9) "overlay", "ext4", "tmpfs"...
 * @param source (10) file-system-specific source ("overlay", "/dev/vda")
 * @param superOptions (11) per-superblock options (for overlay: lowerdir, upperdir, workdir)
 */
public record MountInfo(int mountId, int parentId, String device, String root, Path mountPoint,
        String mountOptions, List<String> optionalFields, String fsType, String source, String superOptions) {

    public MountInfo {
        Objects.requireNonNull(mountPoint, "mountPoint");
        optionalFields = List.copyOf(optionalFields);
    }

    /** Whether the mount itself is read-only (the per-mount "ro" flag). */
    public boolean readOnly() {
        return List.of(mountOptions.split(",")).contains("ro");
    }

    /**
     * Parses one mountinfo line.
     *
     * @throws IllegalArgumentException when the line does not have the mountinfo shape
     */
    public static MountInfo parse(String line) {
        String[] f = line.split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                dash = i;
                break;
            }
        }
        if (dash < 0 || dash + 2 >= f.length) {
            throw new IllegalArgumentException("not a mountinfo line: " + line);
        }
        List<String> optional = new ArrayList<>();
        for (int i = 6; i < dash; i++) {
            optional.add(f[i]);
        }
        try {
            return new MountInfo(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2], unescape(f[3]),
                    Path.of(unescape(f[4])), f[5], optional, unescape(f[dash + 1]), unescape(f[dash + 2]),
                    dash + 3 < f.length ? unescape(f[dash + 3]) : "");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a mountinfo line: " + line, e);
        }
    }

    /** Parses a whole mountinfo file, skipping blank lines. */
    public static List<MountInfo> parseAll(List<String> lines) {
        List<MountInfo> mounts = new ArrayList<>(lines.size());
        for (String line : lines) {
            if (!line.isBlank()) {
                mounts.add(parse(line));
            }
        }
        return mounts;
    }

    /** Undoes the kernel's {@code \ooo} escapes of space, tab, newline and backslash. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
