package io.jocker.daemon;

import io.jocker.api.server.event.EventsRouter;
import io.jocker.api.server.container.ContainerRouter;
import io.jocker.api.server.container.HostDefaults;
import io.jocker.api.server.image.ImageRouter;
import io.jocker.api.server.system.DiskUsageRouter;
import io.jocker.api.server.http.ServerIdentity;
import io.jocker.api.server.listener.ApiServer;
import io.jocker.api.types.host.HostAddress;
import io.jocker.api.server.route.Router;
import io.jocker.api.server.system.SystemRouter;
import io.jocker.api.server.version.ApiVersion;
import io.jocker.common.event.Event;
import io.jocker.daemon.config.DaemonConfig;
import io.jocker.daemon.lock.DataRootLock;
import io.jocker.daemon.lock.PidFile;
import io.jocker.engine.event.EventBus;
import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.daemon.container.BridgeContainerNetwork;
import io.jocker.daemon.container.RuncContainerRuntime;
import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.netns.NetworkNamespaces;
import io.jocker.network.bridge.BridgeConfig;
import io.jocker.network.bridge.BridgeNetwork;
import io.jocker.network.ipam.Ipam;
import io.jocker.engine.container.ContainerNames;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.ContainerState;
import io.jocker.engine.container.ImageLookup;
import io.jocker.engine.container.ListOptions;
import io.jocker.engine.image.ImageService;
import io.jocker.engine.image.ImageUsage;
import io.jocker.engine.image.ImageView;
import io.jocker.linux.mount.Mounter;
import io.jocker.runtime.oci.RuncRuntime;
import io.jocker.runtime.shim.ConmonLauncher;
import io.jocker.runtime.spec.ContainerSpecInput;
import io.jocker.runtime.spec.SpecGenerator;
import java.time.Duration;
import java.util.Optional;
import io.jocker.image.archive.LayerUnpacker;
import io.jocker.image.archive.SnapshotLayerUnpacker;
import io.jocker.image.gc.ImageGarbageCollector;
import io.jocker.image.store.ImageStore;
import io.jocker.linux.fs.FileSystemOps;
import io.jocker.storage.archive.LayerApplier;
import io.jocker.storage.content.ContentStore;
import io.jocker.storage.content.ContentStores;
import io.jocker.storage.snapshot.Snapshotter;
import io.jocker.storage.snapshot.Snapshotters;
import io.jocker.engine.system.EngineIdentity;
import io.jocker.engine.system.EngineSettings;
import io.jocker.engine.system.EngineVersion;
import io.jocker.engine.system.ObjectCounts;
import io.jocker.engine.system.SystemService;
import io.jocker.linux.host.HostFacts;
import io.jocker.linux.host.HostProbe;
import io.jocker.storage.metadata.RecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The composition root: builds every part from the {@link DaemonConfig} in order and takes them
 * down in reverse. Start-up steps, each undone by shutdown:
 * <ol>
 *   <li>own the data root (lock) and the PID file;</li>
 *   <li>create the exec root;</li>
 *   <li>open the metadata stores and load the engine's identity;</li>
 *   <li>build the services and their routers;</li>
 *   <li>listen on every API address (last, so no request meets a half-built daemon).</li>
 * </ol>
 * Not thread-safe: start and stop run on the main thread and the shutdown hook.
 */
public final class Daemon implements AutoCloseable {
    private static final Logger LOG = System.getLogger(Daemon.class.getName());
    /** The Docker Engine release whose API (1.44) we serve; Testcontainers compares it numerically. */
    static final String ENGINE_VERSION = "25.0.0";

    private final DaemonConfig config;
    private final HostFacts host;
    private final Clock clock;
    private final CommandRunner networkHost;
    private BridgeContainerNetwork network;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EventBus events;
    private EngineIdentity identity;
    private Snapshotter snapshotter;
    private io.jocker.engine.container.ContainerLogs containerLogs;
    private io.jocker.engine.container.ContainerAttach containerAttach;

    public Daemon(DaemonConfig config, HostFacts host, Clock clock) {
        this(config, host, clock, CommandRunner.local());
    }

    /**
     * @param networkHost runs the bridge's {@code ip}, {@code iptables} and {@code sysctl} commands:
     *     on the host, or inside a network namespace that plays the host (how tests keep the
     *     default bridge and its firewall rules off the machine they run on)
     */
    public Daemon(DaemonConfig config, HostFacts host, Clock clock, CommandRunner networkHost) {
        this.config = config;
        this.host = host;
        this.clock = clock;
        this.networkHost = networkHost;
    }

    public void start() {
        try {
            started.push(DataRootLock.acquire(config.dataRoot()));
            started.push(PidFile.write(config.pidFile()));
            Files.createDirectories(config.execRoot());

            RecordStore<EngineIdentity> identityStore = RecordStore.open(config.dataRoot().resolve("engine"),
                    EngineIdentity.class, 1);
            identity = EngineIdentity.loadOrCreate(identityStore);
            events = new EventBus(EventBus.DEFAULT_CAPACITY);

            ContainerService[] containersRef = new ContainerService[1]; // images and containers need each other
            ImageService images = imageService(image -> containersRef[0] == null ? Optional.empty()
                    : containersRef[0].list(new ListOptions(true, -1, Map.of())).stream()
                            .filter(c -> c.imageId().equals(image.toString())).map(ContainerRecord::id).findFirst());
            network = defaultBridge();
            ContainerService containers = containerService(images);
            containersRef[0] = containers;
            SystemService system = new SystemService(identity, engineVersion(), host, engineSettings(),
                    () -> counts(containers, images),
                    new HostProbe(Path.of("/")).backingFilesystem(config.dataRoot()),
                    events::subscriberCount, clock);
            Router router = new Router(List.of(new SystemRouter(system), new EventsRouter(events, clock),
                    new ImageRouter(images, config.storageDriver()),
                    new DiskUsageRouter(images, ImageRouter::summaries),
                    new ContainerRouter(containers, clock, new HostDefaults(host.cgroup().version(),
                            config.defaultRuntime(), SpecGenerator.MASKED_PATHS, SpecGenerator.READONLY_PATHS,
                            config.dataRoot().resolve("containers"), network::networkId, config.storageDriver()))
                            .withLogs(containerLogs).withAttach(containerAttach)));

            ApiServer server = new ApiServer(router, new ServerIdentity("Docker/" + ENGINE_VERSION + " (linux)"),
                    ApiServer.Limits.DEFAULT);
            List<HostAddress> addresses = config.hosts().stream().map(HostAddress::parse).toList();
            server.start(addresses);
            started.push(server);
            LOG.log(Level.INFO, "jocker daemon " + JockerVersion.current() + " started: data root " + config.dataRoot()
                    + ", storage driver " + config.storageDriver() + ", default runtime " + config.defaultRuntime());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Images: blobs in the content store, unpacked layers in the snapshotter of the configured
     * storage driver, records in the image store. Leftovers of an interrupted unpack are removed
     * before anything is served.
     */
    private static ObjectCounts counts(ContainerService containers, ImageService images) {
        Map<ContainerState, Long> byState = containers.countByState();
        long running = byState.getOrDefault(ContainerState.RUNNING, 0L) + byState.getOrDefault(ContainerState.RESTARTING, 0L);
        long paused = byState.getOrDefault(ContainerState.PAUSED, 0L);
        long all = byState.values().stream().mapToLong(Long::longValue).sum();
        return new ObjectCounts((int) running, (int) paused, (int) (all - running - paused), images.count());
    }

    /**
     * Containers: records under the data root, run by conmon and runc on snapshots of their image
     * (the snapshotter the image service unpacks into).
     */
    private ContainerService containerService(ImageService images) {
        Path execRoot = config.execRoot();
        RuncContainerRuntime runtime = new RuncContainerRuntime(snapshotter, Mounter.nativeMounter(), images::topLayer,
                config.dataRoot(), execRoot,
                ociRuntimes(execRoot), config.defaultRuntime(),
                new ContainerSpecInput.HostFacts(RuncContainerRuntime.daemonBoundingSet(),
                        Map.of("nofile", hardNofile()), host.cgroup().version(), config.cgroupParent(), "none", "/",
                        "/usr/bin/tini-static", host.hostname(), host.cpus()));
        started.push(runtime);
        containerLogs = runtime.logs();
        containerAttach = runtime;
        ImageLookup lookup = nameOrId -> {
            try {
                ImageView image = images.inspect(nameOrId);
                var c = image.config().config();
                return Optional.of(new ImageLookup.ImageDefaults(image.id().toString(), c.env(), c.cmd(),
                        c.entrypoint(), c.workingDir(), c.user(), c.labels(), c.stopSignal(), image.size()));
            } catch (EngineException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    return Optional.empty();
                }
                throw e;
            }
        };
        ContainerService containers = new ContainerService(RecordStore.open(
                config.dataRoot().resolve("containers/records"), ContainerRecord.class, 1), runtime,
                network, lookup, events, clock, new ContainerNames());
        containers.restore();
        return containers;
    }

    /**
     * The default bridge ({@code --bridge}, "jocker0"; none with {@code --bridge none}), opened (made
     * or repaired) at every start, with
     * the firewall chains this instance owns; its address pool is keyed by an ID derived from the
     * engine's, so a restart finds its pool and endpoints again.
     */
    private BridgeContainerNetwork defaultBridge() {
        if (!config.hasDefaultBridge()) {
            return new BridgeContainerNetwork(null, identity.id(), host.hostname());
        }
        String networkId = BridgeContainerNetwork.bridgeNetworkId(identity.id());
        BridgeNetwork bridge = BridgeNetwork.open(BridgeConfig.defaultBridge(networkId, config.bridge(),
                        config.firewallChainPrefix(), config.dataRoot(), config.execRoot()),
                Ipam.open(config.dataRoot().resolve("network/ipam")), networkHost,
                NetworkNamespaces.nativeNamespaces());
        return new BridgeContainerNetwork(bridge, identity.id(), host.hostname());
    }

    /**
     * Every configured OCI runtime ({@code runc} and those of {@code --add-runtime}), each with its
     * binary resolved on PATH, its own state directory under the exec root and a conmon that drives it.
     */
    private Map<String, RuncContainerRuntime.OciRuntime> ociRuntimes(Path execRoot) {
        Map<String, RuncContainerRuntime.OciRuntime> runtimes = new java.util.TreeMap<>();
        Map<String, String> paths = new java.util.TreeMap<>(config.runtimePaths());
        paths.putIfAbsent(config.defaultRuntime(), config.defaultRuntime());
        paths.forEach((name, path) -> {
            Path binary = Path.of(onPath(path));
            runtimes.put(name, new RuncContainerRuntime.OciRuntime(
                    new RuncRuntime(binary, execRoot, name, Duration.ofSeconds(30)),
                    new ConmonLauncher(Path.of("/usr/bin/conmon"), binary, Duration.ofSeconds(30))));
        });
        return runtimes;
    }

    /** A runtime's path as configured: absolute as given, else the first match on PATH. */
    private static String onPath(String path) {
        if (path.contains("/")) {
            return path;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, path))) {
                return Path.of(dir, path).toString();
            }
        }
        return "/usr/sbin/" + path;
    }

    /** The daemon's hard RLIMIT_NOFILE, which no container's may exceed. */
    private static long hardNofile() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[1].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return 1024;
    }

    private ImageService imageService(ImageUsage usage) {
        Path root = config.dataRoot();
        ContentStore content = ContentStores.local(root.resolve("content"));
        snapshotter = config.storageDriver().equals("vfs")
                ? Snapshotters.naive(root.resolve("vfs"))
                : Snapshotters.overlay(root.resolve("overlay2"));
        for (Path leftover : snapshotter.cleanup()) {
            LOG.log(Level.INFO, "removed an interrupted snapshot: " + leftover);
        }
        LayerUnpacker unpacker = new SnapshotLayerUnpacker(snapshotter, new LayerApplier(FileSystemOps.nativeOps()));
        ImageStore store = ImageStore.open(root.resolve("image"));
        ImageService images = new ImageService(store, content, unpacker, usage, events, clock,
                new ImageGarbageCollector(store, content, snapshotter));
        // Nothing runs yet, so whatever no image needs is the leftover of an interrupted operation.
        // Active snapshots that are not unpacks are containers' roots: kept.
        ImageGarbageCollector.Report report = images.collectGarbage(key -> !SnapshotLayerUnpacker.isUnpackKey(key));
        if (!report.isEmpty()) {
            LOG.log(Level.INFO, "garbage collection removed " + report.layers().size() + " layers, "
                    + report.snapshots().size() + " snapshots and " + report.blobs().size() + " blobs ("
                    + report.bytes() + " bytes) left by interrupted operations");
        }
        return images;
    }

    /** Announces a configuration reload, as dockerd does on SIGHUP. */
    public void reloaded(Map<String, String> attributes) {
        Map<String, String> all = new java.util.TreeMap<>(attributes);
        all.put("name", host.hostname());
        long now = clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
        events.publish(Event.local("daemon", "reload", identity.id(), all, now));
    }

    private EngineVersion engineVersion() {
        return new EngineVersion(JockerVersion.current(), ENGINE_VERSION, ApiVersion.MAX.toString(),
                ApiVersion.MIN.toString(), JockerVersion.gitCommit(), Runtime.version().toString());
    }

    private EngineSettings engineSettings() {
        return new EngineSettings(config.dataRoot(), config.execRoot(), config.debug(), config.labels(),
                EngineSettings.runtimesOf(config.runtimePaths()), config.defaultRuntime(), config.storageDriver(),
                "cgroupfs", config.cgroupParent(), config.bridge());
    }

    /** Stops in reverse order of start: listeners first, the data root lock last. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping " + part.getClass().getSimpleName() + ": " + e.getMessage(), e);
            }
        }
    }
}
