package io.jocker.linux.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@link HostFacts} from /proc, /sys and /etc. The root is a parameter so tests can point the
 * probe at a fake tree. Only reads; never changes the host. Thread-safe (stateless).
 */
public final class HostProbe {
    private final Path root;

    public HostProbe(Path root) {
        this.root = root;
    }

    /** The probe of the machine this JVM runs on. */
    public static HostFacts probeThisHost() {
        return new HostProbe(Path.of("/")).probe(Runtime.getRuntime().availableProcessors());
    }

    public HostFacts probe(int cpus) {
        OsRelease os = osRelease();
        HostFacts.CgroupLayout cgroup = cgroupLayout();
        String arch = firstLine("proc/sys/kernel/arch").orElse(unameMachineFromJava());
        return new HostFacts(
                firstLine("proc/sys/kernel/osrelease").orElse("unknown"),
                os.prettyName(),
                os.versionId(),
                arch,
                goArch(arch),
                cpus,
                memTotalBytes(),
                firstLine("proc/sys/kernel/hostname").orElse("localhost"),
                firstLine("proc/sys/kernel/random/boot_id").orElse(""),
                cgroup,
                cgroupFeatures(cgroup),
                lines("proc/filesystems").stream().anyMatch(l -> l.endsWith("\toverlay")),
                lines("proc/self/status").stream().anyMatch(l -> l.startsWith("Seccomp:")),
                firstLine("proc/sys/net/ipv4/ip_forward").filter("1"::equals).isPresent(),
                firstLine("proc/sys/net/bridge/bridge-nf-call-iptables").filter("1"::equals).isPresent(),
                firstLine("proc/sys/net/bridge/bridge-nf-call-ip6tables").filter("1"::equals).isPresent());
    }

    /**
     * The filesystem type under {@code path} (the mount with the longest matching mount point),
     * named as dockerd names it in "Backing Filesystem" ("extfs" for ext2/3/4).
     */
    public String backingFilesystem(Path path) {
        String best = "";
        String type = "unknown";
        String absolute = path.toAbsolutePath().normalize().toString();
        for (String line : lines("proc/self/mountinfo")) {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            String[] fields = line.split(" ");
            int dash = java.util.Arrays.asList(fields).indexOf("-");
            if (fields.length < 5 || dash < 0 || dash + 1 >= fields.length) {
                continue;
            }
            String mountPoint = unescapeOctal(fields[4]);
            boolean covers = absolute.equals(mountPoint) || mountPoint.equals("/")
                    || absolute.startsWith(mountPoint + "/");
            if (covers && mountPoint.length() >= best.length()) {
                best = mountPoint;
                type = fields[dash + 1];
            }
        }
        return switch (type) {
            case "ext2", "ext3", "ext4" -> "extfs";
            case "overlay" -> "overlayfs";
            default -> type;
        };
    }

    /** mountinfo writes space, tab, newline and backslash as \\ooo octal escapes. */
    static String unescapeOctal(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    HostFacts.CgroupLayout cgroupLayout() {
        if (Files.exists(root.resolve("sys/fs/cgroup/cgroup.controllers"))) {
            return new HostFacts.CgroupLayout(2, false);
        }
        boolean hybrid = firstLine("sys/fs/cgroup/unified/cgroup.controllers").filter(s -> !s.isBlank()).isPresent();
        return new HostFacts.CgroupLayout(1, hybrid);
    }

    HostFacts.CgroupFeatures cgroupFeatures(HostFacts.CgroupLayout layout) {
        if (layout.version() == 2) {
            List<String> controllers = List.of(firstLine("sys/fs/cgroup/cgroup.controllers").orElse("").split(" "));
            boolean memory = controllers.contains("memory");
            return new HostFacts.CgroupFeatures(memory, memory, controllers.contains("cpu"), controllers.contains("cpu"),
                    controllers.contains("cpuset"), controllers.contains("pids"), false);
        }
        return new HostFacts.CgroupFeatures(
                exists("sys/fs/cgroup/memory/memory.limit_in_bytes"),
                exists("sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"),
                exists("sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
                exists("sys/fs/cgroup/cpu/cpu.shares"),
                exists("sys/fs/cgroup/cpuset/cpuset.cpus"),
                exists("sys/fs/cgroup/pids/pids.max") || exists("sys/fs/cgroup/pids"),
                exists("sys/fs/cgroup/memory/memory.oom_control"));
    }

    private boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }

    long memTotalBytes() {
        for (String line : lines("proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    record OsRelease(String prettyName, String versionId) {}

    OsRelease osRelease() {
        List<String> lines = lines("etc/os-release");
        if (lines.isEmpty()) {
            lines = lines("usr/lib/os-release");
        }
        String pretty = "Linux";
        String version = "";
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = unquote(line.substring(eq + 1));
            if (key.equals("PRETTY_NAME")) {
                pretty = value;
            } else if (key.equals("VERSION_ID")) {
                version = value;
            }
        }
        return new OsRelease(pretty, version);
    }

    /** Go's GOARCH for a kernel machine name; images and platforms use this vocabulary. */
    static String goArch(String machine) {
        return switch (machine) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "armv7l", "armv6l", "arm" -> "arm";
            case "i386", "i686", "x86" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> machine;
        };
    }

    private static String unameMachineFromJava() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'")) && value.endsWith(value.substring(0, 1))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private Optional<String> firstLine(String relative) {
        List<String> lines = lines(relative);
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(0).trim());
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + root.resolve(relative), e);
        }
    }
}
