package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import io.jocker.runtime.spec.ContainerSpecInput.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Docker's default mounts (moby oci/defaults.go, daemon/oci_linux.go WithMounts) plus
 * the daemon's network files, {@code --tmpfs} and the {@code --init} binary. Stateless.
 */
final class Mounts {
    private static final List<String> TMPFS_DEFAULTS = List.of("noexec", "nosuid", "nodev");

    private Mounts() {}

    static List<RuntimeSpec.Mount> of(CreateOptions o, HostFacts host) {
        if (o.shmSize() < 0) {
            throw EngineException.invalidArgument("SHM size can not be less than 0");
        }
        long shm = o.shmSize() == 0 ? CreateOptions.DEFAULT_SHM_SIZE : o.shmSize();
        List<String> sysOpts = new ArrayList<>(List.of("nosuid", "noexec", "nodev"));
        List<String> cgroupOpts = new ArrayList<>(List.of("nosuid", "noexec", "nodev"));
        if (!o.privileged()) { // Docker clears ro on /sys and the cgroup mount for privileged containers
            sysOpts.add("ro");
            cgroupOpts.addFirst("ro");
        }
        List<RuntimeSpec.Mount> defaults = List.of(
                mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
                mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
                mount("/dev/pts", "devpts", "devpts",
                        List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
                mount("/sys", "sysfs", "sysfs", sysOpts),
                mount("/sys/fs/cgroup", "cgroup", "cgroup", cgroupOpts),
                mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
                mount("/dev/shm", "tmpfs", "shm",
                        List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + shm)));
        List<RuntimeSpec.Mount> user = new ArrayList<>();
        for (var e : new TreeMap<>(o.tmpfs()).entrySet()) {
            String dest = e.getKey();
            if (!dest.startsWith("/")) {
                throw EngineException.invalidArgument("invalid mount config for type \"tmpfs\": invalid mount path: '"
                        + dest + "' mount path must be absolute");
            }
            user.add(mount(dest, "tmpfs", "tmpfs", tmpfsOptions(e.getValue())));
        }
        List<RuntimeSpec.Mount> out = new ArrayList<>();
        // A user mount on a default destination replaces the default, as in Docker.
        for (RuntimeSpec.Mount d : defaults) {
            if (user.stream().noneMatch(u -> u.destination().equals(d.destination()))) {
                out.add(d);
            }
        }
        // The daemon's network files, unless the user mounted something there (moby's rule too).
        for (var e : new TreeMap<>(host.networkFiles()).entrySet()) {
            if (user.stream().noneMatch(u -> u.destination().equals(e.getKey()))) {
                out.add(mount(e.getKey(), "bind", e.getValue(), List.of("rbind", "rprivate")));
            }
        }
        out.addAll(user);
        if (o.init()) {
            out.add(mount(SpecGenerator.INIT_PATH_IN_CONTAINER, "bind", host.initPath(), List.of("bind", "ro")));
        }
        return List.copyOf(out);
    }

    /**
     * Docker's tmpfs defaults with the user's options merged in (moby volume/mounts MergeTmpfsOptions):
     * {@code exec}, {@code suid}, {@code dev} undo a default; a {@code key=value} replaces an earlier one.
     */
    static List<String> tmpfsOptions(String userOptions) {
        List<String> opts = new ArrayList<>(TMPFS_DEFAULTS);
        if (userOptions == null || userOptions.isBlank()) {
            return opts;
        }
        for (String raw : userOptions.split(",")) {
            String opt = raw.strip();
            if (opt.isEmpty()) {
                continue;
            }
            switch (opt) {
                case "exec", "suid", "dev" -> opts.remove("no" + opt);
                default -> {
                    int eq = opt.indexOf('=');
                    if (eq > 0) {
                        String key = opt.substring(0, eq + 1);
                        opts.removeIf(x -> x.startsWith(key));
                    }
                    if (!opts.contains(opt)) {
                        opts.add(opt);
                    }
                }
            }
        }
        return opts;
    }

    private static RuntimeSpec.Mount mount(String dest, String type, String source, List<String> options) {
        return new RuntimeSpec.Mount(dest, type, source, List.copyOf(options));
    }
}
