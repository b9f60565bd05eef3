package io.jocker.api.server.container;

import io.jocker.api.server.json.WireTimes;
import io.jocker.api.types.container.ContainerInspect;
import io.jocker.api.types.container.ContainerSummary;
import io.jocker.api.types.container.CreateRequest;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerSpec;
import io.jocker.engine.container.ContainerState;
import io.jocker.engine.container.HostSettings;
import io.jocker.engine.container.NetworkEndpoint;
import io.jocker.engine.container.RunState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Wire shapes to and from container records. Stateless. */
final class ContainerTranslator {
    private ContainerTranslator() {}

    static ContainerSpec spec(CreateRequest r) {
        return new ContainerSpec(r.image(), r.cmd(), r.entrypoint(), r.env(), r.labels(), t(r.tty()),
                t(r.openStdin()), t(r.stdinOnce()), t(r.attachStdin()), t(r.attachStdout()), t(r.attachStderr()),
                r.workingDir(), r.user(), r.hostname(), r.domainname(), r.stopSignal(), r.stopTimeout());
    }

    static HostSettings host(CreateRequest.HostConfig h) {
        if (h == null) {
            return HostSettings.defaults();
        }
        HostSettings.RestartPolicy policy = h.restartPolicy() == null ? null : new HostSettings.RestartPolicy(
                h.restartPolicy().name() == null ? "no" : h.restartPolicy().name(),
                h.restartPolicy().maximumRetryCount() == null ? 0 : h.restartPolicy().maximumRetryCount());
        List<HostSettings.Ulimit> ulimits = h.ulimits() == null ? List.of() : h.ulimits().stream()
                .map(u -> new HostSettings.Ulimit(u.name() == null ? "" : u.name(), n(u.soft()), n(u.hard())))
                .toList();
        HostSettings.Resources resources = new HostSettings.Resources(n(h.memory()), n(h.memorySwap()),
                n(h.memoryReservation()), n(h.cpuShares()), n(h.nanoCpus()), n(h.cpuQuota()), n(h.cpuPeriod()),
                h.cpusetCpus(), n(h.pidsLimit()), h.blkioWeight() == null ? 0 : h.blkioWeight(),
                t(h.oomKillDisable()), ulimits);
        HostSettings.LogConfig log = h.logConfig() == null ? null
                : new HostSettings.LogConfig(h.logConfig().type(), h.logConfig().config());
        return new HostSettings(t(h.autoRemove()), h.networkMode(), policy, resources, t(h.privileged()),
                t(h.readonlyRootfs()), h.capAdd(), h.capDrop(), h.securityOpt(), h.tmpfs(), h.sysctls(), t(h.init()),
                n(h.shmSize()), h.oomScoreAdj() == null ? 0 : h.oomScoreAdj(), h.cgroupParent(), log, h.runtime());
    }

    private static boolean t(Boolean b) {
        return b != null && b;
    }

    private static long n(Long l) {
        return l == null ? 0 : l;
    }

    /** Go's RFC3339Nano (trailing zeros of the fraction trimmed); Go's zero time when unset. */
    static String time(Instant at) {
        return WireTimes.rfc3339Nano(at);
    }

    /**
     * @param storage GraphDriver.Data: where the container's root file system lives
     * @param sizes the container's sizes when the client asked for them ({@code size=1}), else null
     */
    static ContainerInspect inspect(ContainerRecord r, HostDefaults defaults, Map<String, String> storage,
            ContainerService.Sizes sizes) {
        RunState s = r.state();
        ContainerState st = s.status();
        List<String> argv = r.config().argv();
        ContainerInspect.State state = new ContainerInspect.State(st.wireName(), st == ContainerState.RUNNING
                || st == ContainerState.PAUSED, st == ContainerState.PAUSED, st == ContainerState.RESTARTING,
                s.oomKilled(), st == ContainerState.DEAD, s.pid(), s.exitCode(), s.error(), time(s.startedAt()),
                time(s.finishedAt()));
        java.nio.file.Path files = defaults.containerFiles().resolve(r.id());
        boolean ran = st != ContainerState.CREATED;
        return new ContainerInspect(r.id(), time(r.created()), argv.isEmpty() ? "" : argv.get(0),
                argv.size() > 1 ? argv.subList(1, argv.size()) : List.of(), state, r.imageId(),
                ran ? files.resolve("resolv.conf").toString() : "", ran ? files.resolve("hostname").toString() : "",
                ran ? files.resolve("hosts").toString() : "",
                r.hostConfig().logConfig().type().equals("none") ? "" : files.resolve("container.log").toString(),
                "/" + r.name(), s.restartCount(), defaults.storageDriver(), "linux", "", "", "", null,
                hostConfig(r.hostConfig(), defaults), new ContainerInspect.GraphDriver(storage,
                        defaults.storageDriver()), List.of(), sizes == null ? null : sizes.rw(),
                sizes == null ? null : sizes.rootFs(), config(r.config()), networkSettings(r, defaults));
    }

    /**
     * Docker's NetworkSettings: the endpoint's addresses while the container runs on the bridge,
     * empty strings otherwise, and one entry under Networks for the network its mode names.
     */
    private static Map<String, Object> networkSettings(ContainerRecord r, HostDefaults defaults) {
        NetworkEndpoint e = r.network();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Bridge", "");
        m.put("SandboxID", e == null ? "" : e.endpointId());
        m.put("SandboxKey", e == null ? "" : e.sandboxKey());
        m.put("Ports", Map.of());
        m.put("HairpinMode", false);
        m.put("LinkLocalIPv6Address", "");
        m.put("LinkLocalIPv6PrefixLen", 0);
        m.put("SecondaryIPAddresses", null);
        m.put("SecondaryIPv6Addresses", null);
        Map<String, Object> endpoint = endpointSettings(r, defaults);
        m.put("EndpointID", endpoint.get("EndpointID"));
        m.put("Gateway", endpoint.get("Gateway"));
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("IPAddress", endpoint.get("IPAddress"));
        m.put("IPPrefixLen", endpoint.get("IPPrefixLen"));
        m.put("IPv6Gateway", "");
        m.put("MacAddress", endpoint.get("MacAddress"));
        m.put("Networks", networks(r, defaults));
        return m;
    }

    /** Networks: the one network the container's mode names ("default" is "bridge"). */
    private static Map<String, Object> networks(ContainerRecord r, HostDefaults defaults) {
        String name = r.onDefaultBridge() ? "bridge" : r.hostConfig().networkMode();
        return Map.of(name, endpointSettings(r, defaults));
    }

    private static Map<String, Object> endpointSettings(ContainerRecord r, HostDefaults defaults) {
        NetworkEndpoint e = r.network();
        String name = r.onDefaultBridge() ? "bridge" : r.hostConfig().networkMode();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("IPAMConfig", null);
        m.put("Links", null);
        m.put("Aliases", null);
        m.put("MacAddress", e == null ? "" : e.macAddress());
        m.put("NetworkID", defaults.networkIds().apply(name));
        m.put("EndpointID", e == null ? "" : e.endpointId());
        m.put("Gateway", e == null ? "" : e.gateway());
        m.put("IPAddress", e == null ? "" : e.ipAddress());
        m.put("IPPrefixLen", e == null ? 0 : e.prefixLength());
        m.put("IPv6Gateway", "");
        m.put("GlobalIPv6Address", "");
        m.put("GlobalIPv6PrefixLen", 0);
        m.put("DriverOpts", null);
        m.put("DNSNames", null);
        return m;
    }

    /**
     * Docker's HostConfig as dockerd answers it for a container made by the docker CLI: the fields
     * the engine keeps, and the defaults dockerd fills in for the rest (empty lists, zero numbers).
     */
    private static Map<String, Object> hostConfig(HostSettings h, HostDefaults defaults) {
        HostSettings.Resources r = h.resources();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Binds", null);
        m.put("ContainerIDFile", "");
        m.put("LogConfig", Map.of("Type", h.logConfig().type(), "Config", h.logConfig().config()));
        m.put("NetworkMode", h.networkMode());
        m.put("PortBindings", Map.of());
        m.put("RestartPolicy", Map.of("Name", h.restartPolicy().name(), "MaximumRetryCount",
                h.restartPolicy().maximumRetryCount()));
        m.put("AutoRemove", h.autoRemove());
        m.put("VolumeDriver", "");
        m.put("VolumesFrom", null);
        m.put("ConsoleSize", List.of(0, 0));
        m.put("CapAdd", h.capAdd());
        m.put("CapDrop", h.capDrop());
        m.put("CgroupnsMode", defaults.cgroupVersion() == 2 ? "private" : "host");
        m.put("Dns", List.of());
        m.put("DnsOptions", List.of());
        m.put("DnsSearch", List.of());
        m.put("ExtraHosts", null);
        m.put("GroupAdd", null);
        m.put("IpcMode", "private");
        m.put("Cgroup", "");
        m.put("Links", null);
        m.put("OomScoreAdj", h.oomScoreAdj());
        m.put("PidMode", "");
        m.put("Privileged", h.privileged());
        m.put("PublishAllPorts", false);
        m.put("ReadonlyRootfs", h.readonlyRootfs());
        m.put("SecurityOpt", h.securityOpt());
        if (h.tmpfs() != null && !h.tmpfs().isEmpty()) {
            m.put("Tmpfs", h.tmpfs());
        }
        m.put("UTSMode", "");
        m.put("UsernsMode", "");
        m.put("ShmSize", h.shmSize() > 0 ? h.shmSize() : DEFAULT_SHM_SIZE);
        if (h.sysctls() != null && !h.sysctls().isEmpty()) {
            m.put("Sysctls", h.sysctls());
        }
        m.put("Runtime", h.runtime().isEmpty() ? defaults.runtime() : h.runtime());
        m.put("Isolation", "");
        m.put("CpuShares", r.cpuShares());
        m.put("Memory", r.memory());
        m.put("NanoCpus", r.nanoCpus());
        m.put("CgroupParent", h.cgroupParent());
        m.put("BlkioWeight", r.blkioWeight());
        m.put("BlkioWeightDevice", List.of());
        m.put("BlkioDeviceReadBps", List.of());
        m.put("BlkioDeviceWriteBps", List.of());
        m.put("BlkioDeviceReadIOps", List.of());
        m.put("BlkioDeviceWriteIOps", List.of());
        m.put("CpuPeriod", r.cpuPeriod());
        m.put("CpuQuota", r.cpuQuota());
        m.put("CpuRealtimePeriod", 0);
        m.put("CpuRealtimeRuntime", 0);
        m.put("CpusetCpus", r.cpusetCpus());
        m.put("CpusetMems", "");
        m.put("Devices", List.of());
        m.put("DeviceCgroupRules", null);
        m.put("DeviceRequests", null);
        m.put("MemoryReservation", r.memoryReservation());
        // dockerd stores twice the memory limit when --memory is given without --memory-swap
        m.put("MemorySwap", r.memorySwap() == 0 && r.memory() > 0 ? 2 * r.memory() : r.memorySwap());
        m.put("MemorySwappiness", null);
        m.put("OomKillDisable", r.oomKillDisable());
        m.put("PidsLimit", r.pidsLimit() <= 0 ? null : r.pidsLimit());
        m.put("Ulimits", r.ulimits().stream().map(u -> Map.of("Name", u.name(), "Soft", u.soft(), "Hard", u.hard()))
                .toList());
        m.put("CpuCount", 0);
        m.put("CpuPercent", 0);
        m.put("IOMaximumIOps", 0);
        m.put("IOMaximumBandwidth", 0);
        if (!h.privileged()) {
            m.put("MaskedPaths", defaults.maskedPaths());
            m.put("ReadonlyPaths", defaults.readonlyPaths());
        }
        if (h.init()) {
            m.put("Init", true);
        }
        return m;
    }

    /** Docker's default {@code --shm-size}, 64 MiB. */
    private static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;

    private static Map<String, Object> config(ContainerSpec c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Hostname", c.hostname());
        m.put("Domainname", c.domainname() == null ? "" : c.domainname());
        m.put("User", c.user());
        m.put("AttachStdin", c.attachStdin());
        m.put("AttachStdout", c.attachStdout());
        m.put("AttachStderr", c.attachStderr());
        m.put("Tty", c.tty());
        m.put("OpenStdin", c.openStdin());
        m.put("StdinOnce", c.stdinOnce());
        m.put("Env", c.env());
        m.put("Cmd", c.cmd() == null || c.cmd().isEmpty() ? null : c.cmd());
        m.put("Image", c.image());
        m.put("WorkingDir", c.workingDir());
        m.put("Entrypoint", c.entrypoint() == null || c.entrypoint().isEmpty() ? null : c.entrypoint());
        m.put("Volumes", null);
        m.put("OnBuild", null);
        m.put("Labels", c.labels());
        if (c.stopSignal() != null && !c.stopSignal().isEmpty()) {
            m.put("StopSignal", c.stopSignal());
        }
        return m;
    }

    /** @param sizes the container's sizes when the client asked for them ({@code size=1}), else null */
    static ContainerSummary summary(ContainerRecord r, Instant now, HostDefaults defaults,
            ContainerService.Sizes sizes) {
        return new ContainerSummary(r.id(), List.of("/" + r.name()), r.config().image(), r.imageId(),
                String.join(" ", r.config().argv()), r.created().getEpochSecond(), List.of(), r.config().labels(),
                r.state().status().wireName(), status(r.state(), now), Map.of("NetworkMode", r.hostConfig().networkMode()),
                Map.of("Networks", networks(r, defaults)), List.of(), sizes == null ? null : sizes.rw(),
                sizes == null ? null : sizes.rootFs());
    }

    /** The {@code Status} column {@code docker ps} prints verbatim. */
    static String status(RunState s, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + human(Duration.between(s.startedAt(), now));
            case PAUSED -> "Up " + human(Duration.between(s.startedAt(), now)) + " (Paused)";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") " + human(since(s.finishedAt(), now)) + " ago";
            case EXITED -> "Exited (" + s.exitCode() + ") " + human(since(s.finishedAt(), now)) + " ago";
            case CREATED -> "Created";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    private static Duration since(Instant at, Instant now) {
        return at == null ? Duration.ZERO : Duration.between(at, now);
    }

    /** Go's units.HumanDuration. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return "Less than a second";
        } else if (s == 1) {
            return "1 second";
        } else if (s < 60) {
            return s + " seconds";
        }
        long m = d.toMinutes();
        if (m == 1) {
            return "About a minute";
        } else if (m < 60) {
            return m + " minutes";
        }
        long h = Math.round(d.toSeconds() / 3600.0);
        if (h == 1) {
            return "About an hour";
        } else if (h < 48) {
            return h + " hours";
        } else if (h < 24 * 7 * 2) {
            return h / 24 + " days";
        } else if (h < 24 * 30 * 2) {
            return h / 24 / 7 + " weeks";
        } else if (h < 24 * 365 * 2) {
            return h / 24 / 30 + " months";
        }
        return h / 24 / 365 + " years";
    }
}
