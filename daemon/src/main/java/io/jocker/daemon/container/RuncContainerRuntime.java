package io.jocker.daemon.container;

import io.jocker.common.error.EngineException;
import io.jocker.engine.container.ContainerAttach;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerRuntime;
import io.jocker.engine.container.Signal;
import io.jocker.linux.mount.Mounter;
import io.jocker.oci.digest.Digest;
import io.jocker.network.etc.ContainerEtcFiles;
import io.jocker.network.etc.DnsSettings;
import io.jocker.runtime.oci.RuncRuntime;
import io.jocker.runtime.shim.ConmonLauncher;
import io.jocker.runtime.shim.ExitWatcher;
import io.jocker.runtime.shim.LaunchRequest;
import io.jocker.runtime.shim.Launched;
import io.jocker.runtime.spec.Capability;
import io.jocker.runtime.spec.ContainerSpecInput;
import io.jocker.runtime.spec.RuntimeSpecJson;
import io.jocker.runtime.spec.SpecGenerator;
import io.jocker.runtime.spec.UserResolver;
import io.jocker.storage.snapshot.MountSpec;
import io.jocker.storage.snapshot.Snapshotter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The engine's {@link ContainerRuntime} and {@link ContainerAttach} ports on this host: the
 * container's root is an active snapshot on its image's top layer, mounted at
 * {@code <exec-root>/containers/<id>/rootfs}; the bundle's config.json comes from the spec generator,
 * with the network namespace the engine's endpoint names and the /etc files written here; conmon
 * (one per container, never our child) creates it with the container's OCI runtime and keeps its
 * stdio, attach socket, log ({@link ContainerLogFiles}) and exit status; the exit watcher reports
 * exits, after which runtime state and mount are released in the background. A daemon started
 * later {@link #recover recovers} the containers its predecessor left running.
 *
 * <p>Thread-safe: the engine serialises calls per container; exit notifications arrive on the
 * exit watcher's thread and are handed to the engine on the release pool.
 */
public final class RuncContainerRuntime implements ContainerRuntime, ContainerAttach, AutoCloseable {
    private final Snapshotter snapshotter;
    private final Mounter mounter;
    private final Function<String, Digest> topLayerOfImage;
    private final Path containersRoot;
    private final Path logsRoot;
    private final Path exitDir;
    private final Path socketDir;
    /** The OCI runtimes by name ({@code --add-runtime}), and the one a container names none of. */
    private final Map<String, OciRuntime> runtimes;
    private final String defaultRuntime;
    /** Which runtime runs each container the daemon has prepared or recovered. */
    private final Map<String, OciRuntime> runtimeOf = new ConcurrentHashMap<>();
    private final ContainerSpecInput.HostFacts hostTemplate;
    private final SpecGenerator generator = new SpecGenerator();
    private final Map<String, ExitListener> listeners = new ConcurrentHashMap<>();
    /** How long an exit waits for attached clients to drain (dockerd waits 2 s too). */
    private static final long ATTACH_DRAIN_SECONDS = 2;
    /** Clients waiting for a container's next start, and those following a running one. */
    private final Map<String, Set<AttachSession>> attached = new ConcurrentHashMap<>();
    private final ExitWatcher watcher;
    /** Releases after exits under way, by container; see {@link #awaitRelease}. */
    private final Map<String, CompletableFuture<Void>> releasing = new ConcurrentHashMap<>();
    /** Containers whose runtime state is gone already (released after their exit). */
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    /** Platform threads: a release runs runc and umount, blocking calls (host-recipes, traps). */
    private final java.util.concurrent.ExecutorService releaser = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("release-", 0).factory());
    private final ContainerLogFiles logs;
    private static final System.Logger LOG = System.getLogger(RuncContainerRuntime.class.getName());
    /** Whether the host booted since the exec root was last used: no container of before can run. */
    private final boolean rebooted;

    /**
     * @param topLayerOfImage image ID ("sha256:…") → chain ID of its top layer, or null for an
     *     image without layers
     */
    public RuncContainerRuntime(Snapshotter snapshotter, Mounter mounter, Function<String, Digest> topLayerOfImage,
            Path dataRoot, Path execRoot, Map<String, OciRuntime> runtimes, String defaultRuntime,
            ContainerSpecInput.HostFacts hostTemplate) {
        this.snapshotter = snapshotter;
        this.mounter = mounter;
        this.topLayerOfImage = topLayerOfImage;
        this.containersRoot = execRoot.resolve("containers");
        this.logsRoot = dataRoot.resolve("containers");
        this.exitDir = execRoot.resolve("exits");
        this.socketDir = execRoot.resolve("socks");
        this.runtimes = Map.copyOf(runtimes);
        this.defaultRuntime = defaultRuntime;
        this.hostTemplate = hostTemplate;
        this.rebooted = recordBoot(execRoot);
        this.logs = new ContainerLogFiles(logsRoot, this::bundle);
        this.watcher = ExitWatcher.start(exitDir, (id, code) -> {
            logs.stopRotating(id);
            ExitListener listener = listeners.remove(id);
            if (listener != null) {
                boolean oom = Files.exists(bundle(id).resolve("oom"));
                // Let go of its runtime state and mount in the background: the exit is reported at
                // once; a start or remove that follows waits for the release (awaitRelease).
                releasing.put(id, CompletableFuture.runAsync(() -> releaseAfterExit(id), releaser));
                // As dockerd: report the exit once attached clients have had the last output (or
                // after a grace period), or `docker run` takes the exit code and leaves mid-stream.
                CompletableFuture.allOf(attached.getOrDefault(id, Set.of()).stream()
                                .map(AttachSession::ended).toArray(CompletableFuture[]::new))
                        .completeOnTimeout(null, ATTACH_DRAIN_SECONDS, TimeUnit.SECONDS)
                        // never on the thread that ended the last session (a Netty event loop) or on
                        // the JDK's timer: the engine's exit handling writes records and may remove
                        .thenRunAsync(() -> listener.onExit(id, code, oom), releaser);
            }
        });
    }

    /**
     * Compares the kernel's boot ID with the one the exec root recorded, then records it: /run is
     * not a tmpfs on every host, so its leftovers outlive a reboot (host-recipes).
     */
    private static boolean recordBoot(Path execRoot) {
        try {
            String current = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
            Path recorded = execRoot.resolve("boot_id");
            String previous = Files.exists(recorded) ? Files.readString(recorded).strip() : "";
            Files.createDirectories(execRoot);
            Files.writeString(recorded, current + "\n");
            return !previous.equals(current);
        } catch (IOException e) {
            throw new UncheckedIOException("recording the boot ID", e);
        }
    }

    private Path bundle(String id) {
        return containersRoot.resolve(id);
    }

    @Override
    public void validate(ContainerRecord record) {
        runtimeFor(record);
        ContainerLogFiles.policy(record);
        // the user is looked up at start, in the mounted root (dockerd too fails then, not at create)
        generator.generate(specInput(record, bundle(record.id()).resolve("rootfs").toString(), "none",
                ContainerSpecInput.ResolvedUser.root(), Map.of()));
    }

    /**
     * A runtime with runc's command line and the conmon that drives it.
     *
     * @param cli create, start, kill, delete through the binary
     * @param shim conmon configured with that binary
     */
    public record OciRuntime(RuncRuntime cli, ConmonLauncher shim) {}

    /** The runtime the record names ({@code --runtime}), or the daemon's default; dockerd's 400 if unknown. */
    private OciRuntime runtimeFor(ContainerRecord record) {
        String name = record.hostConfig().runtime().isEmpty() ? defaultRuntime : record.hostConfig().runtime();
        OciRuntime runtime = runtimes.get(name);
        if (runtime == null) {
            throw EngineException.invalidArgument("unknown or invalid runtime name: " + name);
        }
        return runtime;
    }

    /** The runtime that runs this container; the default one for a container of a previous daemon. */
    private RuncRuntime runc(String id) {
        return runtimeOf.getOrDefault(id, runtimes.get(defaultRuntime)).cli();
    }

    /** The spec's network namespace: the endpoint's on the bridge, the host's, or a new empty one. */
    private static String networkOf(ContainerRecord record) {
        if (record.network() != null) {
            return record.network().sandboxKey();
        }
        return record.hostConfig().networkMode().equals("host") ? "host" : "none";
    }

    /**
     * Writes the container's /etc/hosts, /etc/hostname and /etc/resolv.conf next to its log (where
     * dockerd keeps them) and answers what to bind-mount where; with {@code --network host} the
     * host's own hosts and resolv.conf are mounted, as dockerd does.
     */
    private Map<String, String> networkFiles(ContainerRecord record) throws IOException {
        Path dir = logsRoot.resolve(record.id());
        String hostname = SpecOptions.hostname(record);
        Path resolvConf = Path.of("/etc/resolv.conf");
        String hostResolvConf = Files.exists(resolvConf) ? Files.readString(resolvConf) : "";
        ContainerEtcFiles.Written files = ContainerEtcFiles.write(dir, new ContainerEtcFiles.Settings(hostname,
                record.config().domainname() == null ? "" : record.config().domainname(),
                record.network() == null ? List.of() : List.of(record.network().ipAddress()), List.of(),
                hostResolvConf, DnsSettings.NONE));
        if (record.hostConfig().networkMode().equals("host")) {
            // copies of the host's files, as dockerd makes: a container must not write the host's own
            Path hostsCopy = dir.resolve("hosts");
            Path resolvCopy = dir.resolve("resolv.conf");
            Path hostHosts = Path.of("/etc/hosts");
            Files.writeString(hostsCopy, Files.exists(hostHosts) ? Files.readString(hostHosts) : "");
            Files.writeString(resolvCopy, hostResolvConf);
            return Map.of("/etc/hosts", hostsCopy.toString(), "/etc/resolv.conf", resolvCopy.toString(),
                    "/etc/hostname", files.hostname().toString());
        }
        return Map.of("/etc/hosts", files.hosts().toString(), "/etc/hostname", files.hostname().toString(),
                "/etc/resolv.conf", files.resolvConf().toString());
    }

    /** The generator's input: the record's options on this host's facts. */
    private ContainerSpecInput specInput(ContainerRecord record, String rootfs, String network,
            ContainerSpecInput.ResolvedUser user, Map<String, String> networkFiles) {
        String cgroupParent = record.hostConfig().cgroupParent().isEmpty() ? hostTemplate.cgroupParent()
                : record.hostConfig().cgroupParent();
        ContainerSpecInput.HostFacts host = new ContainerSpecInput.HostFacts(hostTemplate.boundingCapabilities(),
                hostTemplate.hardLimits(), hostTemplate.cgroupVersion(), cgroupParent, network, rootfs,
                hostTemplate.initPath(), hostTemplate.hostHostname(), hostTemplate.cpuCount(), networkFiles);
        return new ContainerSpecInput(record.id(), new ContainerSpecInput.ImageDefaults(List.of(), List.of(),
                List.of(), ""), SpecOptions.of(record), host, user);
    }

    @Override
    public void prepare(ContainerRecord record) {
        String id = record.id();
        awaitRelease(id);
        if (!released.remove(id) && Files.exists(runtimeFor(record).cli().root().resolve(id))) {
            // runtime state of an earlier run nobody released (a daemon stopped mid-release, a
            // failed delete): runc would refuse to create the container again
            try {
                runtimeFor(record).cli().delete(id, true);
            } catch (EngineException e) {
                // gone meanwhile
            }
        }
        runtimeOf.put(id, runtimeFor(record));
        Path bundle = bundle(id);
        Path rootfs = bundle.resolve("rootfs");
        try {
            Files.createDirectories(rootfs);
            Files.createDirectories(logsRoot.resolve(id));
            if (!mounter.isMountPoint(rootfs)) {
                List<MountSpec> mounts;
                try {
                    mounts = snapshotter.mounts(id);
                } catch (EngineException e) {
                    Digest top = topLayerOfImage.apply(record.imageId());
                    mounts = snapshotter.prepare(id, top == null ? null : top.toString());
                }
                for (MountSpec mount : mounts) {
                    mount.mount(mounter, rootfs);
                }
            }
            ContainerSpecInput input = specInput(record, rootfs.toString(), networkOf(record),
                    UserResolver.resolve(rootfs, record.config().user()), networkFiles(record));
            Files.write(bundle.resolve("config.json"), RuntimeSpecJson.write(generator.generate(input)));
        } catch (IOException e) {
            unmountRoot(id);
            throw new UncheckedIOException("preparing container " + id, e);
        } catch (RuntimeException e) {
            unmountRoot(id); // a start that fails keeps no mount (as dockerd)
            throw e;
        }
    }

    @Override
    public long start(ContainerRecord record, ExitListener exits) {
        String id = record.id();
        Path bundle = bundle(id);
        try {
            Files.deleteIfExists(bundle.resolve("exit"));
            Files.deleteIfExists(exitDir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        watcher.forget(id);
        listeners.put(id, exits);
        try {
            Launched launched = runtimeFor(record).shim().launch(launchRequest(record, bundle));
            // Connect attached clients after conmon made its socket and before the process runs,
            // or its first output would be lost (host-recipes §4).
            for (AttachSession session : attached.getOrDefault(id, Set.of())) {
                try {
                    session.connect(attachSocket(id));
                } catch (RuntimeException e) {
                    session.close(); // that client sees its stream end; the container still starts
                }
            }
            logs.rotateWhileRunning(record); // before it runs: its exit stops it
            runc(id).start(id);
            return launched.containerPid();
        } catch (RuntimeException e) {
            listeners.remove(id);
            logs.stopRotating(id);
            awaitRelease(id); // its init may have died already, and its exit started a release
            try {
                runc(id).delete(id, true);
            } catch (RuntimeException ignored) {
                // nothing was created, or it is already gone: the start error is what matters
            }
            try {
                unmountRoot(id); // a created container that never ran keeps no mount (as dockerd)
            } catch (RuntimeException unmount) {
                e.addSuppressed(unmount);
            }
            throw e;
        }
    }

    /**
     * conmon's stdin follows the container's config: {@code -i} for OpenStdin, kept open across
     * clients unless StdinOnce (then the first client's half-close ends it, as dockerd's) — but never
     * closed with a TTY, so a client that detaches leaves the shell running (dockerd: CloseStdin
     * only without a TTY); {@code -t}
     * gives runc a console socket for a TTY container.
     */
    private LaunchRequest launchRequest(ContainerRecord record, Path bundle) {
        String id = record.id();
        boolean openStdin = record.config().openStdin();
        // --log-driver none: conmon still needs a k8s-file to write, and /dev/null keeps nothing
        Path log = record.hostConfig().logConfig().type().equals("none") ? Path.of("/dev/null") : logs.file(id);
        return new LaunchRequest(id, id, bundle, log, exitDir,
                socketDir, runc(id).root(), openStdin, record.config().tty(),
                openStdin && (!record.config().stdinOnce() || record.config().tty()));
    }

    /** The socket lives in the bundle; conmon's socks/<id> symlink may have a truncated name. */
    private Path attachSocket(String id) {
        return bundle(id).resolve("attach");
    }

    @Override
    public Session attach(String containerId, boolean stdin, Sink sink) {
        AttachSession session = new AttachSession(containerId, stdin, sink, ended -> detach(containerId, ended));
        // add inside compute, so a concurrent detach cannot drop the set this session joins
        attached.compute(containerId, (id, sessions) -> {
            Set<AttachSession> joined = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            joined.add(session);
            return joined;
        });
        Path socket = attachSocket(containerId);
        if (Files.exists(socket)) {
            try {
                session.connect(socket); // already running
            } catch (RuntimeException e) {
                detach(containerId, session); // the client gets the error; no one is left to read it
                throw e;
            }
        }
        return session;
    }

    private void detach(String containerId, AttachSession session) {
        attached.computeIfPresent(containerId, (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** The containers' logs, for {@code docker logs}. */
    public io.jocker.engine.container.ContainerLogs logs() {
        return logs;
    }

    @Override
    public Map<String, String> storageDetails(String id) {
        try {
            for (MountSpec mount : snapshotter.mounts(id)) {
                if (mount instanceof MountSpec.Overlay overlay) {
                    Map<String, String> data = new java.util.LinkedHashMap<>();
                    data.put("LowerDir", String.join(":", overlay.lowerTopFirst().stream().map(Path::toString)
                            .toList()));
                    data.put("MergedDir", bundle(id).resolve("rootfs").toString());
                    overlay.upper().ifPresent(upper -> data.put("UpperDir", upper.toString()));
                    overlay.work().ifPresent(work -> data.put("WorkDir", work.toString()));
                    return data;
                }
            }
            return Map.of("MergedDir", bundle(id).resolve("rootfs").toString());
        } catch (EngineException e) {
            return Map.of(); // no snapshot (removed meanwhile)
        }
    }

    @Override
    public long writableLayerSize(String id) {
        try {
            return snapshotter.usage(id).size();
        } catch (EngineException e) {
            return 0; // removed meanwhile: nothing of its own
        }
    }

    @Override
    public void resize(String id, int height, int width) {
        ConmonControl.resize(bundle(id), height, width);
    }

    @Override
    public void recover(ContainerRecord record, ExitListener exits) {
        String id = record.id();
        OciRuntime runtime = runtimes.get(record.hostConfig().runtime().isEmpty() ? defaultRuntime
                : record.hostConfig().runtime());
        if (runtime != null) {
            runtimeOf.put(id, runtime);
        }
        if (rebooted) {
            abandon(id);
            exits.onExit(id, 255, false);
            return;
        }
        listeners.put(id, exits);
        watcher.forget(id); // the start-up scan may have seen its exit file while no one listened
        watcher.recheck(id);
        if (!listeners.containsKey(id)) {
            return; // it ended while we were away: reported with its real status
        }
        if (!shimAlive(id)) {
            listeners.remove(id);
            abandon(id);
            exits.onExit(id, 255, false);
            return;
        }
        logs.rotateWhileRunning(record);
    }

    /**
     * What a stopped container no longer needs, let go at once as dockerd does: its runtime state
     * and cgroups ({@code runc delete}) and its root's mount; the next start makes them again.
     */
    private void releaseAfterExit(String id) {
        try {
            if (abandon(id)) {
                released.add(id); // a failed runc delete is tried again by remove (or the next start)
            }
            // conmon leaves its socket file behind; without it an attach waits for the next start
            Files.deleteIfExists(attachSocket(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing container " + id + " after its exit: " + e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing container " + id + " after its exit: " + e);
        }
    }

    /** Waits until the release after this container's last exit is done (a no-op when there is none). */
    private void awaitRelease(String id) {
        CompletableFuture<Void> release = releasing.remove(id);
        if (release != null) {
            release.join(); // releaseAfterExit logs its own failures and never throws
        }
    }

    /** Whether the conmon that holds this container still runs (its pid file, its command line). */
    private boolean shimAlive(String id) {
        try {
            String pid = Files.readString(bundle(id).resolve("conmon.pid")).strip();
            String cmdline = Files.readString(Path.of("/proc", pid, "cmdline"));
            return cmdline.contains("conmon") && cmdline.contains(id);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A container without a shim or from before a reboot: its runtime state and root are let go. */
    /** @return whether the runtime holds no state for it any more (deleted now, or none there) */
    private boolean abandon(String id) {
        boolean gone;
        try {
            runc(id).delete(id, true);
            gone = true;
        } catch (EngineException e) {
            gone = e.kind() == io.jocker.common.error.ErrorKind.NOT_FOUND; // a reboot wipes it with the processes
        } catch (RuntimeException e) {
            gone = false;
        }
        unmountRoot(id);
        return gone;
    }

    @Override
    public void signal(String id, Signal signal) {
        try {
            runc(id).kill(id, signal.name().startsWith("SIG") ? signal.name().substring(3) : signal.name());
        } catch (EngineException e) {
            // a process that is already gone is not an error (the port's contract)
        }
    }

    @Override
    public void delete(String id) {
        logs.stopRotating(id);
        awaitRelease(id);
        if (!released.remove(id)) { // its exit released it already: no runc call needed
            try {
                runc(id).delete(id, true);
            } catch (EngineException e) {
                // never created, or deleted by an earlier attempt
            }
        }
        Path bundle = bundle(id);
        unmountRoot(id);
        try {
            snapshotter.remove(id);
        } catch (EngineException e) {
            if (e.kind() != io.jocker.common.error.ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
        deleteTree(bundle);
        deleteTree(logsRoot.resolve(id));
        try {
            Files.deleteIfExists(exitDir.resolve(id));
            deleteAttachSymlink(id, bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        watcher.forget(id);
        runtimeOf.remove(id);
    }

    /**
     * conmon links {@code socks/<id>} to the bundle, cutting the id short when the socket path would
     * pass 107 bytes; so remove the link whose name begins the id and which points at this bundle.
     */
    private void deleteAttachSymlink(String id, Path bundle) throws IOException {
        if (!Files.isDirectory(socketDir)) {
            return;
        }
        try (Stream<Path> links = Files.list(socketDir)) {
            for (Path link : links.toList()) {
                String name = link.getFileName().toString();
                if (id.startsWith(name) && Files.isSymbolicLink(link)
                        && Files.readSymbolicLink(link).equals(bundle)) {
                    Files.deleteIfExists(link);
                }
            }
        }
    }

    private void unmountRoot(String id) {
        Path rootfs = bundle(id).resolve("rootfs");
        try {
            if (Files.isDirectory(rootfs) && mounter.isMountPoint(rootfs)) {
                mounter.unmount(rootfs, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unmounting " + rootfs, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + dir, e);
        }
    }

    /** The daemon's own bounding set, which --privileged may not exceed (host-recipes §2). */
    public static Set<Capability> daemonBoundingSet() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapBnd:")) {
                    return Capability.fromMask(Long.parseUnsignedLong(line.substring(7).trim(), 16));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Capability.DOCKER_DEFAULTS;
    }

    /**
     * Stops watching for exits. Containers keep running (they belong to their shims); the cgroup
     * parent directories runc made are removed where no container is left in them.
     */
    @Override
    public void close() {
        logs.close();
        releaser.shutdown();
        try {
            // releases under way finish, or the next daemon finds mounts of stopped containers
            releaser.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watcher.close();
        String parent = hostTemplate.cgroupParent().replaceAll("^/+", "");
        if (parent.isEmpty()) {
            return;
        }
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path hierarchy : hierarchies.toList()) {
                try {
                    Files.deleteIfExists(hierarchy.resolve(parent));
                } catch (IOException e) {
                    // not empty (a container still runs there) or not ours to remove: leave it
                }
            }
        } catch (IOException e) {
            // no cgroup file system to tidy
        }
    }
}
