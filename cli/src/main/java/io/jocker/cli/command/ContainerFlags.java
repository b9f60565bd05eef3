package io.jocker.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The flags {@code create} and {@code run} share and the create document they become, as
 * docker/cli container/opts.go ({@code addFlags}, {@code parse}) builds it: the container's Config
 * at the top level, {@code HostConfig} and {@code NetworkingConfig}, with Docker's field names.
 * Bad values fail with pflag's texts (exit 125) before anything is sent. Stateless.
 */
final class ContainerFlags {
    /** go-units ulimit names (ulimit.go ulimitNameMapping). */
    private static final Set<String> ULIMITS = Set.of("core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What the parsed flags say.
     *
     * @param body the create document
     * @param attachStdin whether the container's stdin is attached (-i, or -a stdin)
     */
    record Spec(String image, String name, ObjectNode body, boolean tty, boolean openStdin, boolean attachStdin,
            boolean attachStdout, boolean attachStderr, boolean autoRemove, boolean attachGiven) {}

    private ContainerFlags() {}

    static Options options() {
        Options o = new Options();
        o.addOption(list("a", "attach", "Attach to STDIN, STDOUT or STDERR"));
        o.addOption(value(null, "blkio-weight", "uint16",
                "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"));
        o.addOption(list(null, "cap-add", "Add Linux capabilities"));
        o.addOption(list(null, "cap-drop", "Drop Linux capabilities"));
        o.addOption(value(null, "cgroup-parent", "string", "Optional parent cgroup for the container"));
        o.addOption(value(null, "cpu-period", "int", "Limit CPU CFS (Completely Fair Scheduler) period"));
        o.addOption(value(null, "cpu-quota", "int", "Limit CPU CFS (Completely Fair Scheduler) quota"));
        o.addOption(value("c", "cpu-shares", "int", "CPU shares (relative weight)"));
        o.addOption(value(null, "cpus", "decimal", "Number of CPUs"));
        o.addOption(value(null, "cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)"));
        o.addOption(value(null, "entrypoint", "string", "Overwrite the default ENTRYPOINT of the image"));
        o.addOption(list("e", "env", "Set environment variables"));
        o.addOption(list(null, "env-file", "Read in a file of environment variables"));
        o.addOption(value("h", "hostname", "string", "Container host name"));
        o.addOption(flag(null, "init", "Run an init inside the container that forwards signals and reaps processes"));
        o.addOption(flag("i", "interactive", "Keep STDIN open even if not attached"));
        o.addOption(list("l", "label", "Set meta data on a container"));
        o.addOption(value(null, "log-driver", "string", "Logging driver for the container"));
        o.addOption(list(null, "log-opt", "Log driver options"));
        o.addOption(value("m", "memory", "bytes", "Memory limit"));
        o.addOption(value(null, "memory-reservation", "bytes", "Memory soft limit"));
        o.addOption(value(null, "memory-swap", "bytes",
                "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"));
        o.addOption(value(null, "name", "string", "Assign a name to the container"));
        o.addOption(value(null, "network", "network", "Connect a container to a network"));
        o.addOption(flag(null, "oom-kill-disable", "Disable OOM Killer"));
        o.addOption(value(null, "oom-score-adj", "int", "Tune host's OOM preferences (-1000 to 1000)"));
        o.addOption(value(null, "pids-limit", "int", "Tune container pids limit (set -1 for unlimited)"));
        o.addOption(flag(null, "privileged", "Give extended privileges to this container"));
        o.addOption(flag(null, "read-only", "Mount the container's root filesystem as read only"));
        o.addOption(value(null, "restart", "string", "Restart policy to apply when a container exits (default \"no\")"));
        o.addOption(flag(null, "rm", "Automatically remove the container and its associated anonymous volumes "
                + "when it exits"));
        o.addOption(value(null, "runtime", "string", "Runtime to use for this container"));
        o.addOption(list(null, "security-opt", "Security Options"));
        o.addOption(value(null, "shm-size", "bytes", "Size of /dev/shm"));
        o.addOption(value(null, "stop-signal", "string", "Signal to stop the container"));
        o.addOption(value(null, "stop-timeout", "int", "Timeout (in seconds) to stop a container"));
        o.addOption(list(null, "sysctl", "Sysctl options (default map[])"));
        o.addOption(list(null, "tmpfs", "Mount a tmpfs directory"));
        o.addOption(flag("t", "tty", "Allocate a pseudo-TTY"));
        o.addOption(list(null, "ulimit", "Ulimit options (default [])"));
        o.addOption(value("u", "user", "string", "Username or UID (format: <name|uid>[:<group|gid>])"));
        o.addOption(value("w", "workdir", "string", "Working directory inside the container"));
        return o;
    }

    static Option flag(String shortName, String longName, String description) {
        return Option.builder(shortName).longOpt(longName).desc(description).build();
    }

    static Option value(String shortName, String longName, String type, String description) {
        return Option.builder(shortName).longOpt(longName).hasArg().argName(type).desc(description).build();
    }

    private static Option list(String shortName, String longName, String description) {
        return value(shortName, longName, "list", description);
    }

    /**
     * Parses everything after the command's own flags: {@code args} is IMAGE [COMMAND] [ARG...].
     *
     * @param env the client's environment, for {@code -e NAME} without a value
     */
    static Spec parse(CliContext context, CommandLine flags, List<String> args, Map<String, String> env,
            boolean consoleKnown, int rows, int columns) {
        String image = args.getFirst();
        boolean tty = flags.hasOption("tty");
        boolean openStdin = flags.hasOption("interactive");
        boolean autoRemove = flags.hasOption("rm");

        List<String> attach = new ArrayList<>();
        for (String stream : FlagValues.list(flags, "attach")) {
            String lower = stream.toLowerCase(Locale.ROOT);
            if (!List.of("stdin", "stdout", "stderr").contains(lower)) {
                throw FlagValues.invalid(context, stream, "-a, --attach", "valid streams are STDIN, STDOUT and STDERR");
            }
            attach.add(lower);
        }
        boolean attachStdin = attach.contains("stdin") || openStdin;
        boolean attachStdout = attach.isEmpty() || attach.contains("stdout");
        boolean attachStderr = attach.isEmpty() || attach.contains("stderr");

        Long memory = FlagValues.bytes(context, flags, "memory", "-m, --memory");
        Long memorySwap = FlagValues.swapBytes(context, flags, "memory-swap", "--memory-swap");
        Long memoryReservation = FlagValues.bytes(context, flags, "memory-reservation", "--memory-reservation");
        Long shmSize = FlagValues.bytes(context, flags, "shm-size", "--shm-size");
        Long nanoCpus = FlagValues.nanoCpus(context, flags, "cpus", "--cpus");
        Long cpuShares = FlagValues.int64(context, flags, "cpu-shares", "-c, --cpu-shares");
        Long cpuQuota = FlagValues.int64(context, flags, "cpu-quota", "--cpu-quota");
        Long cpuPeriod = FlagValues.int64(context, flags, "cpu-period", "--cpu-period");
        Long pidsLimit = FlagValues.int64(context, flags, "pids-limit", "--pids-limit");
        Integer blkioWeight = FlagValues.uint16(context, flags, "blkio-weight", "--blkio-weight");
        Long oomScoreAdj = FlagValues.int64(context, flags, "oom-score-adj", "--oom-score-adj");
        Long stopTimeout = FlagValues.int64(context, flags, "stop-timeout", "--stop-timeout");
        ArrayNode ulimits = ulimits(context, flags);
        List<String> environment = environment(context, flags, env);
        ObjectNode labels = keyValues(FlagValues.list(flags, "label"));
        ObjectNode restart = restartPolicy(context, flags.getOptionValue("restart", "no"));
        if (autoRemove && !List.of("", "no").contains(restart.path("Name").asText())) {
            throw new CliFailure(125, "jocker: conflicting options: cannot specify both --restart and --rm"
                    + "\n\nRun '" + context.commandPath() + " --help' for more information");
        }

        ObjectNode body = NODES.objectNode();
        body.put("Hostname", flags.getOptionValue("hostname", ""));
        body.put("Domainname", "");
        body.put("User", flags.getOptionValue("user", ""));
        body.put("AttachStdin", attachStdin);
        body.put("AttachStdout", attachStdout);
        body.put("AttachStderr", attachStderr);
        body.put("Tty", tty);
        body.put("OpenStdin", openStdin);
        body.put("StdinOnce", openStdin && attachStdin);
        body.set("Env", environment.isEmpty() ? NODES.nullNode() : strings(environment));
        body.set("Cmd", args.size() > 1 ? strings(args.subList(1, args.size())) : NODES.nullNode());
        body.put("Image", image);
        body.set("Volumes", NODES.objectNode());
        body.put("WorkingDir", flags.getOptionValue("workdir", ""));
        if (flags.hasOption("entrypoint")) {
            body.set("Entrypoint", strings(List.of(flags.getOptionValue("entrypoint"))));
        } else {
            body.set("Entrypoint", NODES.nullNode());
        }
        body.set("OnBuild", NODES.nullNode());
        body.set("Labels", labels);
        if (flags.hasOption("stop-signal")) {
            body.put("StopSignal", flags.getOptionValue("stop-signal"));
        }
        if (stopTimeout != null) {
            body.put("StopTimeout", stopTimeout);
        }

        ObjectNode host = body.putObject("HostConfig");
        host.set("Binds", NODES.nullNode());
        host.putObject("LogConfig").put("Type", flags.getOptionValue("log-driver", ""))
                .set("Config", keyValues(FlagValues.list(flags, "log-opt")));
        String network = flags.getOptionValue("network", "default");
        host.put("NetworkMode", network);
        host.putObject("PortBindings");
        host.set("RestartPolicy", restart);
        host.put("AutoRemove", autoRemove);
        host.set("CapAdd", capabilities(FlagValues.list(flags, "cap-add")));
        host.set("CapDrop", capabilities(FlagValues.list(flags, "cap-drop")));
        host.put("CgroupnsMode", "");
        host.put("OomScoreAdj", oomScoreAdj == null ? 0 : oomScoreAdj);
        host.put("Privileged", flags.hasOption("privileged"));
        host.put("ReadonlyRootfs", flags.hasOption("read-only"));
        host.set("SecurityOpt", optionalStrings(securityOpts(FlagValues.list(flags, "security-opt"))));
        host.set("Tmpfs", tmpfs(FlagValues.list(flags, "tmpfs")));
        host.put("ShmSize", shmSize == null ? 0 : shmSize);
        host.set("Sysctls", keyValues(FlagValues.list(flags, "sysctl")));
        host.put("Runtime", flags.getOptionValue("runtime", ""));
        if (consoleKnown) {
            host.putArray("ConsoleSize").add(rows).add(columns);
        } else {
            host.putArray("ConsoleSize").add(0).add(0);
        }
        host.put("CpuShares", cpuShares == null ? 0 : cpuShares);
        host.put("Memory", memory == null ? 0 : memory);
        host.put("NanoCpus", nanoCpus == null ? 0 : nanoCpus);
        host.put("CgroupParent", flags.getOptionValue("cgroup-parent", ""));
        host.put("BlkioWeight", blkioWeight == null ? 0 : blkioWeight);
        host.put("CpuPeriod", cpuPeriod == null ? 0 : cpuPeriod);
        host.put("CpuQuota", cpuQuota == null ? 0 : cpuQuota);
        host.put("CpusetCpus", flags.getOptionValue("cpuset-cpus", ""));
        host.put("MemoryReservation", memoryReservation == null ? 0 : memoryReservation);
        host.put("MemorySwap", memorySwap == null ? 0 : memorySwap);
        host.put("MemorySwappiness", -1);
        host.put("OomKillDisable", flags.hasOption("oom-kill-disable"));
        if (pidsLimit != null) {
            host.put("PidsLimit", pidsLimit);
        }
        host.set("Ulimits", ulimits);
        if (flags.hasOption("init")) {
            host.put("Init", true);
        }

        ObjectNode endpoints = body.putObject("NetworkingConfig").putObject("EndpointsConfig");
        endpoints.putObject(network).set("Aliases", NODES.nullNode());
        return new Spec(image, flags.getOptionValue("name", ""), body, tty, openStdin, attachStdin, attachStdout,
                attachStderr, autoRemove, !attach.isEmpty());
    }

    /** {@code --env-file}s first, then {@code -e}s, as opts.ReadKVEnvStrings merges them. */
    private static List<String> environment(CliContext context, CommandLine flags, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String file : FlagValues.list(flags, "env-file")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CliFailure(125, "jocker: open " + file + ": no such file or directory"
                        + "\n\nRun '" + context.commandPath() + " --help' for more information");
            }
            for (String line : lines) {
                String trimmed = line.stripLeading();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq == 0) {
                    throw new CliFailure(125, "jocker: no variable name on line '" + line + "'"
                            + "\n\nRun '" + context.commandPath() + " --help' for more information");
                }
                if (eq > 0) {
                    out.add(trimmed);
                } else if (env.containsKey(trimmed.strip())) {
                    out.add(trimmed.strip() + "=" + env.get(trimmed.strip()));
                }
            }
        }
        for (String value : FlagValues.list(flags, "env")) {
            int eq = value.indexOf('=');
            if (eq == 0) {
                throw FlagValues.invalid(context, value, "-e, --env", "invalid environment variable: " + value);
            }
            if (eq < 0 && env.containsKey(value)) {
                out.add(value + "=" + env.get(value));
            } else {
                out.add(value);
            }
        }
        return out;
    }

    /** opts.ParseRestartPolicy: {@code no}, {@code always}, {@code unless-stopped}, {@code on-failure[:N]}. */
    private static ObjectNode restartPolicy(CliContext context, String value) {
        ObjectNode policy = NODES.objectNode();
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        long count = 0;
        if (colon >= 0) {
            if (name.isEmpty()) {
                throw FlagValues.invalid(context, value, "--restart", "invalid restart policy format: no policy provided before colon");
            }
            try {
                count = FlagValues.parseInt(value.substring(colon + 1), 64);
            } catch (IllegalArgumentException e) {
                throw FlagValues.invalid(context, value, "--restart", "invalid restart policy format: maximum retry count must be an integer");
            }
        }
        policy.put("Name", name);
        policy.put("MaximumRetryCount", count);
        return policy;
    }

    /** go-units ParseUlimit: {@code name=soft[:hard]}. */
    private static ArrayNode ulimits(CliContext context, CommandLine flags) {
        ArrayNode out = NODES.arrayNode();
        for (String value : FlagValues.list(flags, "ulimit")) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw FlagValues.invalid(context, value, "--ulimit", "invalid ulimit argument: " + value);
            }
            String name = value.substring(0, eq);
            if (!ULIMITS.contains(name)) {
                throw FlagValues.invalid(context, value, "--ulimit", "invalid ulimit type: " + name);
            }
            String[] limits = value.substring(eq + 1).split(":", -1);
            if (limits.length > 2) {
                throw FlagValues.invalid(context, value, "--ulimit", "too many limit value arguments - "
                        + value.substring(eq + 1) + ", can only have up to two, `soft[:hard]`");
            }
            long soft;
            long hard;
            try {
                hard = limits.length == 2 ? FlagValues.parseInt(limits[1], 64) : 0;
                soft = FlagValues.parseInt(limits[0], 64);
            } catch (IllegalArgumentException e) {
                throw FlagValues.invalid(context, value, "--ulimit", e.getMessage());
            }
            if (limits.length == 1) {
                hard = soft;
            }
            if (hard != -1 && soft > hard) {
                throw FlagValues.invalid(context, value, "--ulimit",
                        "ulimit soft limit must be less than or equal to hard limit: " + soft + " > " + hard);
            }
            out.addObject().put("Name", name).put("Hard", hard).put("Soft", soft);
        }
        return out;
    }

    /** opts.NormalizeCapability: upper case with the {@code CAP_} prefix, except {@code ALL}. */
    private static com.fasterxml.jackson.databind.JsonNode capabilities(List<String> values) {
        if (values.isEmpty()) {
            return NODES.nullNode();
        }
        ArrayNode out = NODES.arrayNode();
        for (String value : values) {
            String cap = value.strip().toUpperCase(Locale.ROOT);
            out.add(cap.equals("ALL") || cap.startsWith("CAP_") ? cap : "CAP_" + cap);
        }
        return out;
    }

    /** {@code --tmpfs /run:size=1m}: the mount point and its options. */
    private static ObjectNode tmpfs(List<String> values) {
        ObjectNode out = NODES.objectNode();
        for (String value : values) {
            int colon = value.indexOf(':');
            out.put(colon < 0 ? value : value.substring(0, colon), colon < 0 ? "" : value.substring(colon + 1));
        }
        return out;
    }

    /** {@code k=v} pairs into a map; a bare {@code k} has the empty value (opts.ConvertKVStringsToMap). */
    private static ObjectNode keyValues(List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            map.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
        }
        ObjectNode out = NODES.objectNode();
        map.forEach(out::put);
        return out;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode out = NODES.arrayNode();
        values.forEach(out::add);
        return out;
    }

    /**
     * As the docker CLI: {@code seccomp=FILE} is sent as the file's JSON, compacted, since the
     * daemon may not see the client's files; {@code seccomp=unconfined} and other options as given.
     */
    static List<String> securityOpts(List<String> options) {
        List<String> out = new java.util.ArrayList<>();
        for (String option : options) {
            int sep = option.indexOf('=');
            if (sep < 0) {
                sep = option.indexOf(':');
            }
            String key = sep < 0 ? option : option.substring(0, sep);
            String value = sep < 0 ? "" : option.substring(sep + 1);
            if (!key.equals("seccomp") || value.equals("unconfined")) {
                out.add(option);
                continue;
            }
            String json;
            try {
                json = java.nio.file.Files.readString(java.nio.file.Path.of(value));
            } catch (java.io.IOException e) {
                throw new CliFailure(125, "jocker: opening seccomp profile (" + value + ") failed: open " + value
                        + ": no such file or directory");
            }
            try {
                out.add("seccomp=" + JSON.writeValueAsString(JSON.readTree(json)));
            } catch (java.io.IOException e) {
                throw new CliFailure(125, "jocker: compacting json for seccomp profile (" + value + ") failed: "
                        + e.getMessage());
            }
        }
        return out;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static com.fasterxml.jackson.databind.JsonNode optionalStrings(List<String> values) {
        return values.isEmpty() ? NODES.nullNode() : strings(values);
    }
}
