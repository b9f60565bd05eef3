package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import io.jocker.runtime.spec.ContainerSpecInput.HostFacts;
import io.jocker.runtime.spec.ContainerSpecInput.ImageDefaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generates a container's OCI runtime spec the way dockerd does (moby {@code oci/defaults.go} and
 * {@code daemon/oci_linux.go}), from a {@link ContainerSpecInput}. Pure: it never reads the host.
 *
 * <pre>{@code
 * RuntimeSpec spec = new SpecGenerator().generate(input);
 * Files.write(bundle.resolve("config.json"), RuntimeSpecJson.write(spec));
 * }</pre>
 *
 * <p>Invalid options throw {@link EngineException} of kind invalid argument with Docker's wording.
 * Thread-safe.
 */
public final class SpecGenerator {
    /** Docker's default PATH (moby oci/defaults.go DefaultPathEnv). */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Where {@code --init} puts the init binary; Docker's path, so {@code ps} inside matches. */
    public static final String INIT_PATH_IN_CONTAINER = "/sbin/docker-init";
    /** The cgroup parent used when the host facts name none. */
    public static final String DEFAULT_CGROUP_PARENT = "/jocker";

    /** Docker's masked paths for a container that is not privileged. */
    public static final List<String> MASKED_PATHS = List.of(
            "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
            "/sys/devices/virtual/powercap");
    /** Docker's read-only paths for a container that is not privileged. */
    public static final List<String> READONLY_PATHS =
            List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    private final SeccompProfiles seccompProfiles;

    public SpecGenerator() {
        this.seccompProfiles = SeccompProfiles.load();
    }

    public RuntimeSpec generate(ContainerSpecInput input) {
        CreateOptions o = input.options();
        HostFacts host = input.host();
        SecurityOptions security = SecurityOptions.parse(o.securityOpt());
        Set<Capability> caps = CapabilityResolver.resolve(
                o.capAdd(), o.capDrop(), o.privileged(), host.boundingCapabilities());
        String hostname = hostname(input);
        RuntimeSpec.Process process = new RuntimeSpec.Process(
                o.tty(),
                new RuntimeSpec.User(input.user().uid(), input.user().gid(), input.user().additionalGids()),
                args(input.image(), o, host),
                env(input, hostname),
                workingDir(input.image(), o),
                capabilities(caps),
                RlimitResolver.resolve(o.ulimits(), host.hardLimits()),
                security.noNewPrivileges() ? Boolean.TRUE : null,
                oomScoreAdj(o.oomScoreAdj()));
        RuntimeSpec.Linux linux = new RuntimeSpec.Linux(
                namespaces(host),
                ResourcesTranslator.translate(o, host.cgroupVersion(), host.cpuCount()),
                cgroupsPath(host.cgroupParent(), input.containerId()),
                new TreeMap<>(o.sysctls()),
                seccomp(security, o.privileged(), caps),
                o.privileged() ? List.of() : MASKED_PATHS,
                o.privileged() ? List.of() : READONLY_PATHS);
        return new RuntimeSpec(
                RuntimeSpec.OCI_VERSION,
                process,
                new RuntimeSpec.Root(host.rootfs(), o.readonlyRootfs() ? Boolean.TRUE : null),
                hostname,
                Mounts.of(o, host),
                linux);
    }

    static String hostname(ContainerSpecInput input) {
        String h = input.options().hostname();
        if (!h.isEmpty()) {
            return h;
        }
        String hostHostname = input.host().hostHostname();
        if (input.host().network().equals("host") && hostHostname != null && !hostHostname.isEmpty()) {
            return hostHostname; // Docker: --network host without -h takes the host's name
        }
        String id = input.containerId();
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * Docker's rules (moby daemon/create.go merge, container.getEntrypointAndArgs): an entrypoint
     * given at create replaces the image's and drops the image's Cmd; otherwise a Cmd given at
     * create replaces the image's Cmd. {@code --entrypoint ""} clears the entrypoint.
     */
    static List<String> args(ImageDefaults image, CreateOptions o, HostFacts host) {
        List<String> entrypoint;
        List<String> cmd;
        if (o.entrypoint() != null) {
            entrypoint = o.entrypoint().size() == 1 && o.entrypoint().getFirst().isEmpty() ? List.of() : o.entrypoint();
            cmd = o.cmd() == null ? List.of() : o.cmd();
        } else {
            entrypoint = image.entrypoint();
            cmd = o.cmd() == null ? image.cmd() : o.cmd();
        }
        List<String> args = new ArrayList<>();
        if (o.init()) {
            if (host.initPath() == null || host.initPath().isEmpty()) {
                throw EngineException.invalidArgument("--init is not available: no init binary is configured");
            }
            args.add(INIT_PATH_IN_CONTAINER);
            args.add("--");
        }
        args.addAll(entrypoint);
        args.addAll(cmd);
        if (entrypoint.isEmpty() && cmd.isEmpty()) {
            throw EngineException.invalidArgument("No command specified");
        }
        return List.copyOf(args);
    }

    /**
     * Docker's order (moby container.CreateDaemonEnvironment then ReplaceOrAppendEnvValues): PATH,
     * HOSTNAME, TERM with a TTY, then the image's and the create options' variables, each replacing a
     * same-named variable in place; {@code NAME} without {@code =} unsets. HOME, when still unset, is
     * the user's home directory, as runc and crun would set it.
     */
    static List<String> env(ContainerSpecInput input, String hostname) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "PATH=" + DEFAULT_PATH);
        env.put("HOSTNAME", "HOSTNAME=" + hostname);
        if (input.options().tty()) {
            env.put("TERM", "TERM=xterm");
        }
        for (List<String> layer : List.of(input.image().env(), input.options().env())) {
            for (String kv : layer) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    env.remove(kv);
                } else {
                    env.put(kv.substring(0, eq), kv);
                }
            }
        }
        env.putIfAbsent("HOME", "HOME=" + input.user().home());
        return List.copyOf(env.values());
    }

    static String workingDir(ImageDefaults image, CreateOptions o) {
        String dir = !o.workingDir().isEmpty() ? o.workingDir() : image.workingDir();
        if (dir.isEmpty()) {
            return "/";
        }
        if (!dir.startsWith("/")) {
            // Docker's wording: moby daemon/container.go verifyContainerSettings
            throw EngineException.invalidArgument(
                    "the working directory '" + dir + "' is invalid, it needs to be an absolute path");
        }
        return dir.length() > 1 && dir.endsWith("/") ? dir.replaceAll("/+$", "") : dir;
    }

    private static RuntimeSpec.Capabilities capabilities(Set<Capability> caps) {
        List<String> names = Capability.names(caps);
        // Docker leaves inheritable and ambient empty: exec'd programs do not keep capabilities.
        return new RuntimeSpec.Capabilities(names, names, null, names, null);
    }

    private static Integer oomScoreAdj(int adj) {
        if (adj < -1000 || adj > 1000) {
            throw EngineException.invalidArgument(
                    "Invalid value " + adj + ", range for oom score adj is [-1000, 1000]");
        }
        return adj; // Docker always writes it, 0 included
    }

    /** Docker's order; the cgroup namespace is private on v2 and the host's on v1, Docker's default. */
    static List<RuntimeSpec.Namespace> namespaces(HostFacts host) {
        List<RuntimeSpec.Namespace> ns = new ArrayList<>();
        ns.add(new RuntimeSpec.Namespace("mount", null));
        switch (host.network()) {
            case "host" -> { }
            case "none" -> ns.add(new RuntimeSpec.Namespace("network", null));
            default -> ns.add(new RuntimeSpec.Namespace("network", host.network()));
        }
        ns.add(new RuntimeSpec.Namespace("uts", null));
        ns.add(new RuntimeSpec.Namespace("pid", null));
        ns.add(new RuntimeSpec.Namespace("ipc", null));
        if (host.cgroupVersion() == 2) {
            ns.add(new RuntimeSpec.Namespace("cgroup", null));
        }
        return ns;
    }

    /** Absolute, so runc does not nest it under its own cgroup (host-recipes §2). */
    static String cgroupsPath(String parent, String containerId) {
        String p = parent == null || parent.isBlank() ? DEFAULT_CGROUP_PARENT : parent.strip();
        if (!p.startsWith("/")) {
            p = "/" + p;
        }
        p = p.replaceAll("/+$", "");
        return p + "/" + containerId;
    }

    private RuntimeSpec.Seccomp seccomp(SecurityOptions security, boolean privileged, Set<Capability> caps) {
        if (privileged || "unconfined".equals(security.seccompProfile())) {
            return null;
        }
        if (security.seccompProfile() != null && !security.seccompProfile().isEmpty()) {
            return seccompProfiles.parse(security.seccompProfile(), caps);
        }
        return seccompProfiles.defaultFor(caps);
    }

    /**
     * {@code --security-opt} as moby daemon/create.go parseSecurityOpt reads it, with its wording.
     * {@code label=} and {@code apparmor=} are accepted and have no effect: jocker applies no LSM.
     */
    record SecurityOptions(String seccompProfile, boolean noNewPrivileges) {
        static SecurityOptions parse(List<String> opts) {
            String seccomp = null;
            boolean nnp = false;
            for (String opt : opts) {
                if (opt.equals("no-new-privileges")) {
                    nnp = true;
                    continue;
                }
                if (opt.equals("disable")) {
                    continue;
                }
                String[] kv;
                if (opt.contains("=")) {
                    kv = opt.split("=", 2);
                } else if (opt.contains(":")) {
                    kv = opt.split(":", 2);
                } else {
                    throw EngineException.invalidArgument("invalid --security-opt 1: \"" + opt + "\"");
                }
                switch (kv[0]) {
                    case "label", "apparmor" -> { }
                    case "seccomp" -> seccomp = kv[1];
                    case "no-new-privileges" -> nnp = parseBool(kv[1], opt);
                    default -> throw EngineException.invalidArgument("invalid --security-opt 2: \"" + opt + "\"");
                }
            }
            return new SecurityOptions(seccomp, nnp);
        }

        private static boolean parseBool(String v, String opt) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "1", "t", "true" -> true;
                case "0", "f", "false" -> false;
                default -> throw EngineException.invalidArgument("invalid --security-opt 2: \"" + opt + "\"");
            };
        }
    }
}
