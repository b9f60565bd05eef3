package io.jocker.api.server.system;

import io.jocker.api.types.system.InfoResponse;
import io.jocker.api.types.system.VersionResponse;
import io.jocker.engine.system.EngineSettings;
import io.jocker.engine.system.EngineVersion;
import io.jocker.engine.system.SystemInfo;
import io.jocker.linux.host.HostFacts;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Engine system facts → Engine API wire shapes. Thread-safe (stateless). */
final class SystemTranslator {
    private SystemTranslator() {}

    static VersionResponse version(EngineVersion v, HostFacts host) {
        Map<String, String> engineDetails = new LinkedHashMap<>();
        engineDetails.put("ApiVersion", v.apiVersion());
        engineDetails.put("Arch", host.goArch());
        engineDetails.put("BuildTime", "");
        engineDetails.put("Experimental", "false");
        engineDetails.put("GitCommit", v.gitCommit());
        engineDetails.put("GoVersion", "java" + v.javaVersion());
        engineDetails.put("KernelVersion", host.kernelVersion());
        engineDetails.put("MinAPIVersion", v.minApiVersion());
        engineDetails.put("Os", "linux");
        List<VersionResponse.Component> components = List.of(
                new VersionResponse.Component("Engine", v.engine(), engineDetails),
                new VersionResponse.Component("jocker", v.jocker(), Map.of("GitCommit", v.gitCommit())));
        return new VersionResponse(new VersionResponse.Platform("jocker " + v.jocker()), components, v.engine(),
                v.apiVersion(), v.minApiVersion(), v.gitCommit(), "java" + v.javaVersion(), "linux", host.goArch(),
                host.kernelVersion(), null, "");
    }

    static InfoResponse info(SystemInfo info) {
        HostFacts host = info.host();
        EngineSettings settings = info.settings();
        Map<String, InfoResponse.Runtime> runtimes = new TreeMap<>();
        settings.runtimes().forEach((name, path) -> runtimes.put(name, new InfoResponse.Runtime(path)));
        HostFacts.CgroupFeatures features = host.cgroupFeatures();
        InfoResponse.RegistryConfig registry = new InfoResponse.RegistryConfig(List.of(), List.of(),
                List.of("127.0.0.0/8"),
                Map.of("docker.io", new InfoResponse.IndexConfig("docker.io", List.of(), true, true)), List.of());
        return new InfoResponse(
                info.identity().id(),
                info.counts().containers(),
                info.counts().containersRunning(),
                info.counts().containersPaused(),
                info.counts().containersStopped(),
                info.counts().images(),
                settings.storageDriver(),
                List.of(List.of("Backing Filesystem", info.backingFilesystem())),
                new InfoResponse.Plugins(List.of(), List.of(), null, List.of()),
                features.memory(), features.swap(), features.cpuCfsQuota(), features.cpuCfsQuota(),
                features.cpuShares(), features.cpuset(), features.pids(),
                host.ipv4Forwarding(),
                host.bridgeNfIptables(),
                host.bridgeNfIp6tables(),
                settings.debug(),
                openFileDescriptors(),
                features.oomKillDisable(),
                Thread.activeCount(),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(info.systemTime().atOffset(java.time.ZoneOffset.UTC)),
                "k8s-file",
                settings.cgroupDriver(),
                Integer.toString(host.cgroup().version()),
                info.eventListeners(),
                host.kernelVersion(),
                host.operatingSystem(),
                host.osVersion(),
                "linux",
                host.architecture(),
                "https://index.docker.io/v1/",
                registry,
                host.cpus(),
                host.memTotalBytes(),
                null,
                settings.dataRoot().toString(),
                "", "", "",
                host.hostname(),
                settings.labels(),
                false,
                info.version().engine(),
                runtimes,
                settings.defaultRuntime(),
                new InfoResponse.Swarm("", "", "inactive", false, "", null),
                true,
                "",
                "",
                new InfoResponse.Commit("", ""),
                new InfoResponse.Commit("", ""),
                new InfoResponse.Commit("", ""),
                info.securityOptions(),
                info.warnings().isEmpty() ? null : info.warnings());
    }

    private static int openFileDescriptors() {
        String[] fds = new java.io.File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }
}
