package io.jocker.daemon.config;

import io.jocker.common.error.EngineException;
import io.jocker.linux.host.HostFacts;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The flags of {@code jocker daemon}, named as dockerd's, and their merge with the config file into
 * a {@link DaemonConfig}: a flag given on the command line wins over the file, the file over the
 * default. Not thread-safe (filled by picocli, then read once).
 */
public final class DaemonOptions {
    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error", "fatal");
    private static final Set<String> STORAGE_DRIVERS = Set.of("overlay2", "vfs");

    @Option(names = {"-H", "--host"}, paramLabel = "list", description = "Daemon socket(s) to connect to (default unix:///run/jocker.sock)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "string", description = "Root directory of persistent jocker state (default /var/lib/jocker)")
    Path dataRoot;

    @Option(names = "--exec-root", paramLabel = "string", description = "Root directory for execution state files (default /run/jocker)")
    Path execRoot;

    @Option(names = {"-p", "--pidfile"}, paramLabel = "string", description = "Path to use for daemon PID file (default /run/jocker.pid)")
    Path pidFile;

    @Option(names = {"-l", "--log-level"}, paramLabel = "string", description = "Set the logging level (\"debug\"|\"info\"|\"warn\"|\"error\"|\"fatal\") (default \"info\")")
    String logLevel;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    Boolean debug;

    @Option(names = "--config-file", paramLabel = "string", description = "Daemon configuration file (JSON, daemon.json's keys)")
    Path configFile;

    @Option(names = {"-b", "--bridge"}, paramLabel = "string", description = "Attach containers to a network bridge (default jocker0)")
    String bridge;

    @Option(names = "--cgroup-parent", paramLabel = "string", description = "Set parent cgroup for all containers (default /jocker)")
    String cgroupParent;

    @Option(names = {"-s", "--storage-driver"}, paramLabel = "string", description = "Storage driver to use: overlay2 or vfs")
    String storageDriver;

    @Option(names = "--default-runtime", paramLabel = "string", description = "Default OCI runtime for containers")
    String defaultRuntime;

    @Option(names = "--add-runtime", paramLabel = "name=path", description = "Register an additional OCI compatible runtime")
    List<String> addRuntime = new ArrayList<>();

    @Option(names = "--label", paramLabel = "list", description = "Set key=value labels to the daemon")
    List<String> labels = new ArrayList<>();

    public Path configFile() {
        return configFile;
    }

    /** Merges flags over the config file over defaults and validates the result. */
    public DaemonConfig resolve(DaemonConfigFile file, HostFacts host) {
        List<String> resolvedHosts = !hosts.isEmpty() ? hosts : file.strings("hosts");
        if (resolvedHosts.isEmpty()) {
            resolvedHosts = List.of(DaemonConfig.DEFAULT_HOST);
        }
        String level = logLevel != null ? logLevel
                : Boolean.TRUE.equals(debug) ? "debug"
                : file.string("log-level").orElse(file.bool("debug").orElse(false) ? "debug" : "info");
        if (!LOG_LEVELS.contains(level)) {
            throw EngineException.invalidArgument("unable to parse logging level: " + level);
        }
        String driver = storageDriver != null ? storageDriver
                : file.string("storage-driver").orElse(host.overlaySupported() ? "overlay2" : "vfs");
        if (!STORAGE_DRIVERS.contains(driver)) {
            throw EngineException.invalidArgument("error initializing graphdriver: driver not supported: " + driver);
        }
        if (driver.equals("overlay2") && !host.overlaySupported()) {
            throw EngineException.invalidArgument(
                    "error initializing graphdriver: the kernel has no overlay filesystem; use --storage-driver vfs");
        }
        Map<String, String> runtimes = new TreeMap<>(discoverRuntimes());
        runtimes.putAll(file.runtimes());
        for (String spec : addRuntime) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw EngineException.invalidArgument("invalid runtime specification: " + spec
                        + " (expected name=path)");
            }
            runtimes.put(spec.substring(0, eq), spec.substring(eq + 1));
        }
        String runtime = defaultRuntime != null ? defaultRuntime
                : file.string("default-runtime").orElse(fastestWorkingRuntime(runtimes, host));
        if (!runtimes.isEmpty() && !runtimes.containsKey(runtime)) {
            throw EngineException.invalidArgument("specified default runtime '" + runtime + "' does not exist");
        }
        List<String> allLabels = new ArrayList<>(file.strings("labels"));
        allLabels.addAll(labels);
        for (String label : allLabels) {
            if (!label.contains("=")) {
                throw EngineException.invalidArgument("bad attribute format: " + label);
            }
        }
        return new DaemonConfig(resolvedHosts,
                absolute(dataRoot != null ? dataRoot : file.string("data-root").map(Path::of).orElse(DaemonConfig.DEFAULT_DATA_ROOT)),
                absolute(execRoot != null ? execRoot : file.string("exec-root").map(Path::of).orElse(DaemonConfig.DEFAULT_EXEC_ROOT)),
                absolute(pidFile != null ? pidFile : file.string("pidfile").map(Path::of).orElse(DaemonConfig.DEFAULT_PID_FILE)),
                level,
                bridge != null ? bridge : file.string("bridge").orElse(DaemonConfig.DEFAULT_BRIDGE),
                cgroupParent != null ? cgroupParent : file.string("cgroup-parent").orElse(DaemonConfig.DEFAULT_CGROUP_PARENT),
                driver, runtime, new TreeMap<>(runtimes), allLabels, configFile);
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** The OCI runtimes on PATH, by the name dockerd shows ({@code "runc": {"path": "runc"}}). */
    private static Map<String, String> discoverRuntimes() {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : List.of("runc", "crun")) {
            if (onPath(name)) {
                found.put(name, name);
            }
        }
        return found;
    }

    /**
     * crun is 2-3x faster than runc, but crun 1.8 refuses cgroup v1 "hybrid" hosts, where runc
     * works (host-recipes.md §3): prefer crun only where it runs.
     */
    static String fastestWorkingRuntime(Map<String, String> runtimes, HostFacts host) {
        boolean crunWorks = !(host.cgroup().version() == 1 && host.cgroup().hybrid());
        if (crunWorks && runtimes.containsKey("crun")) {
            return "crun";
        }
        return "runc";
    }

    private static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }
}
