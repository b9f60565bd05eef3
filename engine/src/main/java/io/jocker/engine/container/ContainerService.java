package io.jocker.engine.container;

import io.jocker.common.error.EngineException;
import io.jocker.common.event.Event;
import io.jocker.common.event.EventPublisher;
import io.jocker.runtime.log.LogQuery;
import io.jocker.storage.metadata.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Serves the container resource: create, start, wait, stop, kill, remove, list, inspect. Each
 * container has its own lock; list and inspect read immutable {@link ContainerRecord} snapshots.
 * Names are reserved atomically in one map so two creates cannot take the same name. Publishes
 * Docker's container events (create, start, oom, die, kill, stop, destroy). Thread-safe.
 *
 * <p>Records found in the store at construction are loaded as they are; re-attaching to running
 * containers (live restore) is the wiring's job and not done here yet.
 */
public final class ContainerService {
    /** How long a forced remove waits for SIGKILL to take effect. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final Set<String> FILTERS = Set.of("id", "name", "label", "status", "ancestor", "exited",
            "before", "since");

    private final RecordStore<ContainerRecord> store;
    private final ContainerRuntime runtime;
    private final ContainerNetwork network;
    private final ImageLookup images;
    private final EventPublisher events;
    private final Clock clock;
    private final ContainerNames names;
    private final ConcurrentHashMap<String, Entry> byId = new ConcurrentHashMap<>();
    /** Name (without "/") to container ID. */
    private final ConcurrentHashMap<String, String> byName = new ConcurrentHashMap<>();

    /** One container's lock, snapshot and waiters. */
    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        volatile ContainerRecord record;
        /** Completes with the exit code of the next exit; replaced after each exit. */
        CompletableFuture<Integer> nextExit = new CompletableFuture<>();
        final CompletableFuture<Integer> removed = new CompletableFuture<>();

        Entry(ContainerRecord record) {
            this.record = record;
        }
    }

    public ContainerService(RecordStore<ContainerRecord> store, ContainerRuntime runtime, ContainerNetwork network,
            ImageLookup images, EventPublisher events, Clock clock, ContainerNames names) {
        this.store = store;
        this.runtime = runtime;
        this.network = network;
        this.images = images;
        this.events = events;
        this.clock = clock;
        this.names = names;
        for (String key : store.keys()) {
            store.read(key).ifPresent(r -> {
                byId.put(r.id(), new Entry(r));
                byName.put(r.name(), r.id());
            });
        }
    }

    /**
     * Live restore, once at start-up before anything is served: containers that were running are
     * handed back to the runtime, which watches them again or reports how they ended meanwhile; a
     * removal the previous daemon did not finish leaves the container "dead", for {@code rm} to
     * clear (as dockerd).
     */
    public void restore() {
        for (Entry entry : byId.values()) {
            ContainerRecord record = entry.record;
            if (record.state().status() == ContainerState.REMOVING) {
                update(entry, record.withState(record.state().to(ContainerState.DEAD)));
            } else if (record.state().status().hasProcess()) {
                runtime.recover(record, exitOf(record.state().startedAt()));
            }
        }
    }

    /**
     * {@code docker create}: resolves the image, merges its config under the request's, reserves
     * the name (given or generated), stores the record and publishes {@code create}.
     *
     * @param name the requested name with or without "/", or null/empty for a generated one
     * @param requested the request's config; null lists mean "inherit from the image"
     */
    public ContainerRecord create(String name, ContainerSpec requested, HostSettings host) {
        if (requested.image() == null || requested.image().isEmpty()) {
            throw EngineException.invalidArgument("Config must specify an image");
        }
        ImageLookup.ImageDefaults image = images.resolve(requested.image()).orElseThrow(
                () -> EngineException.notFound("No such image: " + withDefaultTag(requested.image())));
        String id = names.newId();
        HostSettings settings = host == null ? HostSettings.defaults() : host;
        ContainerSpec config = merge(requested, image, settings.networkMode().equals("host")
                ? network.hostName() : id.substring(0, 12));
        if (config.argv().isEmpty()) {
            throw EngineException.invalidArgument("No command specified");
        }
        runtime.validate(new ContainerRecord(id, "", clock.instant(), image.id(), config, settings,
                RunState.created(), null));
        String reserved = reserveName(name, id);
        ContainerRecord record = new ContainerRecord(id, reserved, clock.instant(), image.id(), config, settings,
                RunState.created(), null);
        try {
            store.write(id, record);
        } catch (RuntimeException e) {
            byName.remove(reserved, id);
            throw e;
        }
        byId.put(id, new Entry(record));
        publish("create", record, Map.of());
        return record;
    }

    /** The network modes there are: the default bridge (by either name), none and host; at start. */
    private static void validateNetworkMode(String mode) {
        switch (mode) {
            case "default", "bridge", "none", "host" -> { }
            default -> {
                if (mode.startsWith("container:")) {
                    throw EngineException.invalidArgument(
                            "network mode " + mode + ": joining another container's network is not supported");
                }
                throw EngineException.notFound("network " + mode + " not found");
            }
        }
    }

    private String reserveName(String given, String id) {
        if (given != null && !given.isEmpty()) {
            String name = ContainerNames.validate(given);
            String holder = byName.putIfAbsent(name, id);
            if (holder != null) {
                throw EngineException.conflict("Conflict. The container name \"/" + name
                        + "\" is already in use by container \"" + holder
                        + "\". You have to remove (or rename) that container to be able to reuse that name.");
            }
            return name;
        }
        for (int attempt = 0; ; attempt++) {
            String name = names.generate(attempt / 3);
            if (byName.putIfAbsent(name, id) == null) {
                return name;
            }
        }
    }

    static String withDefaultTag(String reference) {
        if (reference.startsWith("sha256:") || reference.contains("@")) {
            return reference;
        }
        int slash = reference.lastIndexOf('/');
        return reference.indexOf(':', slash + 1) >= 0 ? reference : reference + ":latest";
    }

    /**
     * @param defaultHostname the container's hostname unless the request gives one: its short ID,
     *     or with {@code --network host} the host's (dockerd's rule)
     */
    private static ContainerSpec merge(ContainerSpec req, ImageLookup.ImageDefaults image, String defaultHostname) {
        List<String> entrypoint;
        List<String> cmd;
        if (req.entrypoint() != null) {
            // A given entrypoint drops the image's Cmd; [""] clears the entrypoint.
            entrypoint = req.entrypoint().equals(List.of("")) ? List.of() : req.entrypoint();
            cmd = req.cmd() == null ? List.of() : req.cmd();
        } else {
            entrypoint = image.entrypoint() == null ? List.of() : image.entrypoint();
            cmd = req.cmd() != null ? req.cmd() : image.cmd() == null ? List.of() : image.cmd();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (List<String> source : java.util.Arrays.asList(image.env(), req.env())) {
            if (source != null) {
                for (String kv : source) {
                    int eq = kv.indexOf('=');
                    env.put(eq < 0 ? kv : kv.substring(0, eq), kv);
                }
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (image.labels() != null) {
            labels.putAll(image.labels());
        }
        if (req.labels() != null) {
            labels.putAll(req.labels());
        }
        return req.withMerged(cmd, entrypoint, List.copyOf(env.values()), labels,
                nonEmpty(req.workingDir(), image.workingDir()), nonEmpty(req.user(), image.user()),
                nonEmpty(req.hostname(), defaultHostname), nonEmpty(req.stopSignal(), image.stopSignal()));
    }

    private static String nonEmpty(String first, String second) {
        return first != null && !first.isEmpty() ? first : second == null ? "" : second;
    }

    /** {@code docker start}; not modified (304) when it already runs. */
    public void start(String nameOrId) {
        Entry entry = entry(nameOrId);
        ContainerRecord record;
        entry.lock.lock();
        try {
            record = entry.record;
            ContainerState state = record.state().status();
            if (state.hasProcess()) {
                throw EngineException.notModified("container " + record.id() + " is already running");
            }
            if (!state.canStart()) {
                throw EngineException.conflict("cannot start container " + record.id() + ": it is " + state.wireName());
            }
            RunState before = record.state();
            try {
                // checked here and not at create, as dockerd does: the docker CLI takes a 404 from
                // create for a missing image and would try to pull it
                validateNetworkMode(record.hostConfig().networkMode());
                if (record.onDefaultBridge() && network.hasDefaultBridge()) {
                    record = record.withNetwork(network.connect(record));
                    update(entry, record);
                    publishNetwork("connect", record.id());
                }
                runtime.prepare(record);
                // Running before the runtime answers, so an exit reported during start finds a process.
                Instant startedAt = clock.instant();
                update(entry, record.withState(before.started(0, startedAt)));
                long pid = runtime.start(record, exitOf(startedAt));
                if (entry.record.state().status() == ContainerState.RUNNING) {
                    update(entry, entry.record.withState(entry.record.state().withPid(pid)));
                }
            } catch (RuntimeException e) {
                record = entry.record;
                if (record.network() != null) {
                    disconnectQuietly(record.id());
                    record = record.withNetwork(null);
                }
                update(entry, record.withState(before.failedStart(before.status(),
                        before.status() == ContainerState.CREATED ? 128 : before.exitCode(), e.getMessage())));
                if (record.hostConfig().autoRemove()) {
                    removeQuietly(record.id());
                }
                throw e;
            }
            record = entry.record;
            // under the lock: an exit already waiting for it must not publish "die" before "start"
            publish("start", record, Map.of());
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * The exit listener of one run, known by its start time: an exit that arrives late (its start
     * failed, and the container was started again meanwhile) must not end the next run.
     */
    private ContainerRuntime.ExitListener exitOf(Instant startedAt) {
        return (id, exitCode, oomKilled) -> exited(id, exitCode, oomKilled, startedAt);
    }

    /** The runtime's exit notification: records the exit, wakes waiters, removes an auto-remove container. */
    void exited(String id, int exitCode, boolean oomKilled, Instant runStartedAt) {
        Entry entry = byId.get(id);
        if (entry == null) {
            return;
        }
        ContainerRecord record;
        CompletableFuture<Integer> waiters;
        boolean disconnected = false;
        entry.lock.lock();
        try {
            record = entry.record;
            if (!record.state().status().canTransitionTo(ContainerState.EXITED)
                    || !java.util.Objects.equals(record.state().startedAt(), runStartedAt)) {
                return; // a duplicate, or the exit of an earlier run: the first one counted
            }
            record = record.withState(record.state().exited(exitCode, oomKilled, clock.instant()));
            boolean wasConnected = record.network() != null;
            if (wasConnected) {
                disconnectQuietly(id); // the process is dead: its network goes (host-recipes §6)
                record = record.withNetwork(null);
            }
            update(entry, record);
            if (wasConnected) {
                disconnected = true;
            }
            waiters = entry.nextExit;
            entry.nextExit = new CompletableFuture<>();
        } finally {
            entry.lock.unlock();
        }
        if (oomKilled) {
            publish("oom", record, Map.of()); // dockerd's order: the kernel's OOM kill, then the exit
        }
        publish("die", record, Map.of("exitCode", Integer.toString(exitCode)));
        if (disconnected) {
            publishNetwork("disconnect", id);
        }
        waiters.complete(exitCode);
        if (record.hostConfig().autoRemove()) {
            removeQuietly(id);
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id, true);
        } catch (EngineException e) {
            // Already removed by a concurrent "rm": nothing left to do.
        }
    }

    /**
     * {@code docker wait}: a future that completes with the exit code when the condition holds.
     * Fails with not found at once for an unknown container. Cancelling the returned future does
     * not disturb other waiters.
     */
    public CompletableFuture<Integer> wait(String nameOrId, WaitCondition condition) {
        Entry entry = entry(nameOrId);
        entry.lock.lock();
        try {
            CompletableFuture<Integer> source = switch (condition) {
                case NOT_RUNNING -> entry.record.state().status().hasProcess() ? entry.nextExit
                        : CompletableFuture.completedFuture(entry.record.state().exitCode());
                case NEXT_EXIT -> entry.nextExit;
                case REMOVED -> entry.removed;
            };
            return source.thenApply(code -> code);
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * {@code docker stop}: the signal (default the container's StopSignal, else SIGTERM), then
     * SIGKILL after {@code timeoutSeconds} (null = StopTimeout or 10; negative = wait forever).
     * Not modified (304) when nothing runs.
     */
    public void stop(String nameOrId, Integer timeoutSeconds, String signal) {
        Entry entry = entry(nameOrId);
        ContainerRecord record = entry.record;
        Signal stopSignal = signal != null && !signal.isEmpty() ? Signal.parse(signal)
                : record.config().stopSignal() != null && !record.config().stopSignal().isEmpty()
                        ? Signal.parse(record.config().stopSignal()) : Signal.SIGTERM;
        int timeout = timeoutSeconds != null ? timeoutSeconds
                : record.config().stopTimeout() != null ? record.config().stopTimeout() : DEFAULT_STOP_TIMEOUT;
        CompletableFuture<Integer> exit;
        entry.lock.lock();
        try {
            record = entry.record;
            if (!record.state().status().canStop()) {
                throw EngineException.notModified("container " + record.id() + " is not running");
            }
            exit = entry.nextExit;
            runtime.signal(record.id(), stopSignal);
        } finally {
            entry.lock.unlock();
        }
        publish("kill", record, Map.of("signal", Integer.toString(stopSignal.number())));
        if (!await(exit, timeout < 0 ? null : Duration.ofSeconds(timeout))) {
            killAndAwait(entry, record);
        }
        publish("stop", entry.record, Map.of());
    }

    /**
     * {@code docker restart}: stops the container when it runs (as {@link #stop}), then starts it;
     * publishes dockerd's {@code restart} after the new start.
     */
    public void restart(String nameOrId, Integer timeoutSeconds, String signal) {
        try {
            stop(nameOrId, timeoutSeconds, signal);
        } catch (EngineException e) {
            if (e.kind() != io.jocker.common.error.ErrorKind.NOT_MODIFIED) {
                throw e;
            }
        }
        start(nameOrId);
        publish("restart", inspect(nameOrId), Map.of());
    }

    /**
     * {@code POST /containers/{id}/resize}: the TTY's size, for a running container (dockerd's 409
     * otherwise); publishes {@code resize}.
     */
    public void resize(String nameOrId, int height, int width) {
        ContainerRecord record = inspect(nameOrId);
        if (record.state().status() != ContainerState.RUNNING) {
            throw EngineException.conflict("Container " + record.id() + " is not running");
        }
        runtime.resize(record.id(), height, width);
        publish("resize", record, Map.of("height", Integer.toString(height), "width", Integer.toString(width)));
    }

    private void killAndAwait(Entry entry, ContainerRecord record) {
        CompletableFuture<Integer> exit;
        entry.lock.lock();
        try {
            if (!entry.record.state().status().hasProcess()) {
                return;
            }
            exit = entry.nextExit;
            runtime.signal(record.id(), Signal.SIGKILL);
        } finally {
            entry.lock.unlock();
        }
        publish("kill", record, Map.of("signal", "9"));
        if (!await(exit, KILL_WAIT)) {
            throw EngineException.internal("container " + record.id() + " did not exit after SIGKILL", null);
        }
    }

    /** True when the exit came within {@code timeout} (null = no limit). */
    private static boolean await(CompletableFuture<Integer> exit, Duration timeout) {
        try {
            if (timeout == null) {
                exit.get();
            } else {
                exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while waiting for the container to exit");
        } catch (ExecutionException e) {
            throw EngineException.internal("waiting for the container to exit", e.getCause());
        }
    }

    /**
     * {@code docker kill}: sends the signal (null or empty = SIGKILL).
     *
     * @throws EngineException invalid argument for an unknown signal, conflict when nothing runs
     */
    public void kill(String nameOrId, String signal) {
        Signal parsed = signal == null || signal.isEmpty() ? Signal.SIGKILL : Signal.parse(signal);
        Entry entry = entry(nameOrId);
        ContainerRecord record;
        entry.lock.lock();
        try {
            record = entry.record;
            if (!record.state().status().canKill()) {
                throw EngineException.conflict("Cannot kill container: " + nameOrId + ": Container " + record.id()
                        + " is not running");
            }
            runtime.signal(record.id(), parsed);
        } finally {
            entry.lock.unlock();
        }
        publish("kill", record, Map.of("signal", Integer.toString(parsed.number())));
    }

    /**
     * {@code docker rm}: a running container needs {@code force}, which kills it first. Wakes
     * {@code wait?condition=removed} and publishes {@code destroy}.
     */
    public void remove(String nameOrId, boolean force) {
        Entry entry = entry(nameOrId);
        ContainerRecord record = entry.record;
        if (record.state().status().hasProcess()) {
            if (!force) {
                throw EngineException.conflict("You cannot remove a running container " + record.id()
                        + ". Stop the container before attempting removal or force remove");
            }
            killAndAwait(entry, record);
        }
        entry.lock.lock();
        try {
            record = entry.record;
            if (byId.get(record.id()) != entry) {
                throw EngineException.notFound("No such container: " + nameOrId);
            }
            if (!record.state().status().canRemove()) {
                throw EngineException.conflict(record.state().status() == ContainerState.REMOVING
                        ? "removal of container " + record.id() + " is already in progress"
                        : "You cannot remove a running container " + record.id()
                                + ". Stop the container before attempting removal or force remove");
            }
            update(entry, record.withState(record.state().to(ContainerState.REMOVING)));
            try {
                runtime.delete(record.id());
                network.disconnect(record.id()); // an endpoint a crash left behind
            } catch (RuntimeException e) {
                update(entry, entry.record.withState(entry.record.state().to(ContainerState.DEAD)));
                throw e;
            }
            store.delete(record.id());
            byId.remove(record.id(), entry);
            byName.remove(record.name(), record.id());
        } finally {
            entry.lock.unlock();
        }
        publish("destroy", record, Map.of());
        entry.nextExit.cancel(false);
        entry.removed.complete(record.state().exitCode());
    }

    /** {@code docker inspect}: the current snapshot. */
    /**
     * {@code docker logs} without follow: what the container wrote, from its log. Following comes
     * with attach (the same shim stream).
     */
    public void logs(String nameOrId, ContainerLogs source, LogOptions options, LineSink sink)
            throws java.io.IOException {
        source.read(readableLog(nameOrId).id(), options.query(), adapt(sink));
    }

    /** Receives log lines; may batch them until {@link #flush}, which comes whenever output pauses. */
    public interface LineSink {
        /** @return false when the client went away: the read ends */
        boolean accept(LogLine line) throws java.io.IOException;

        void flush() throws java.io.IOException;
    }

    private static io.jocker.runtime.log.LogFollower.Sink adapt(LineSink sink) {
        return new io.jocker.runtime.log.LogFollower.Sink() {
            @Override
            public boolean accept(io.jocker.runtime.log.LogMessage message) throws java.io.IOException {
                return sink.accept(line(message));
            }

            @Override
            public void flush() throws java.io.IOException {
                sink.flush();
            }
        };
    }

    /**
     * Which lines {@code docker logs} asks for.
     *
     * @param since only lines at or after it; null for no bound
     * @param until only lines at or before it; null for no bound
     * @param tail the last N lines; negative for all
     */
    public record LogOptions(boolean stdout, boolean stderr, java.time.Instant since, java.time.Instant until,
            int tail) {
        LogQuery query() {
            return new LogQuery(stdout, stderr, since, until, tail);
        }
    }

    /**
     * {@code docker logs -f}: what {@link #logs} returns, then each new line, until the container
     * stops (or is removed) and its log is drained, or {@code sink} answers false. Blocking.
     */
    public void followLogs(String nameOrId, ContainerLogs source, LogOptions options,
            java.util.function.BooleanSupplier clientConnected, LineSink sink)
            throws java.io.IOException, InterruptedException {
        String id = readableLog(nameOrId).id();
        source.follow(id, options.query(), () -> {
            Entry entry = byId.get(id);
            return entry != null && entry.record.state().status().hasProcess();
        }, clientConnected, adapt(sink));
    }

    /** The container, when its log driver keeps something to read (dockerd's 501 otherwise). */
    public ContainerRecord readableLog(String nameOrId) {
        ContainerRecord record = inspect(nameOrId);
        if (record.hostConfig().logConfig().type().equals("none")) {
            throw EngineException.notImplemented("configured logging driver does not support reading");
        }
        return record;
    }

    private static LogLine line(io.jocker.runtime.log.LogMessage m) {
        return new LogLine(m.timestampText(), m.stream() == io.jocker.runtime.log.LogStream.STDERR, m.line());
    }

    /**
     * One line a container wrote.
     *
     * @param timestamp RFC 3339 with nine fraction digits, UTC
     * @param stderr whether it went to stderr
     * @param bytes the line, with its newline when it had one
     */
    public record LogLine(String timestamp, boolean stderr, byte[] bytes) {}

    /**
     * {@code POST /containers/{id}/attach}: output of the current run, or of the next start for a
     * created container (the docker CLI attaches before it starts); input reaches stdin when the
     * client asks for it and the container has OpenStdin. A container that ran and stopped cannot
     * be attached to: dockerd's 409.
     */
    public ContainerAttach.Session attach(String nameOrId, boolean stdin, ContainerAttach attach,
            ContainerAttach.Sink sink) {
        ContainerRecord record = attachable(nameOrId);
        ContainerAttach.Session session = attach.attach(record.id(), stdin && record.config().openStdin(), sink);
        publish("attach", record, Map.of());
        return session;
    }

    /** A client left an attached stream with its detach keys: dockerd's {@code detach} event. */
    public void detached(String nameOrId) {
        publish("detach", inspect(nameOrId), Map.of());
    }

    /**
     * The container, if it can be attached to (checked before a connection is taken over, too). A
     * stopped one can: the stream waits for its next start, which is how {@code docker start -a}
     * works (the "start it first" refusal of {@code docker attach} is the CLI's own check). Paused
     * and dying containers cannot, with dockerd's 409.
     */
    public ContainerRecord attachable(String nameOrId) {
        ContainerRecord record = inspect(nameOrId);
        switch (record.state().status()) {
            case PAUSED -> throw EngineException.conflict(
                    "container " + nameOrId + " is paused, unpause the container before attach");
            case REMOVING, DEAD -> throw EngineException.conflict(
                    "container " + nameOrId + " is marked for removal and cannot be attached to");
            default -> { }
        }
        return record;
    }

    public ContainerRecord inspect(String nameOrId) {
        return entry(nameOrId).record;
    }

    /** How many containers exist, by state. */
    public Map<ContainerState, Long> countByState() {
        Map<ContainerState, Long> counts = new java.util.EnumMap<>(ContainerState.class);
        for (Entry e : byId.values()) {
            counts.merge(e.record.state().status(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * {@code docker ps -s}: what the container wrote into its own layer, and that plus its image
     * (Docker's SizeRw and SizeRootFs).
     */
    public record Sizes(long rw, long rootFs) {}

    /** GraphDriver.Data of {@code docker inspect}: where the container's root file system lives. */
    public Map<String, String> storageDetails(ContainerRecord record) {
        return runtime.storageDetails(record.id());
    }

    public Sizes sizes(ContainerRecord record) {
        long rw = runtime.writableLayerSize(record.id());
        long image = images.resolve(record.imageId()).map(ImageLookup.ImageDefaults::size).orElse(0L);
        return new Sizes(rw, rw + image);
    }

    /** {@code docker ps}: newest first. Unknown filter keys are refused with Docker's text. */
    public List<ContainerRecord> list(ListOptions options) {
        for (String key : options.filters().keySet()) {
            if (!FILTERS.contains(key)) {
                throw EngineException.invalidArgument("Invalid filter '" + key + "'");
            }
        }
        Map<String, Set<String>> f = options.filters();
        Instant before = f.containsKey("before") ? boundary(f.get("before")) : null;
        Instant since = f.containsKey("since") ? boundary(f.get("since")) : null;
        for (String status : f.getOrDefault("status", Set.of())) {
            try {
                ContainerState.parse(status);
            } catch (IllegalArgumentException e) {
                throw EngineException.invalidArgument("invalid filter 'status=" + status + "'");
            }
        }
        Set<Integer> exited = new java.util.HashSet<>();
        for (String code : f.getOrDefault("exited", Set.of())) {
            try {
                exited.add(Integer.parseInt(code));
            } catch (NumberFormatException e) {
                throw EngineException.invalidArgument("invalid filter 'exited=" + code + "'");
            }
        }
        boolean all = options.all() || options.limit() > 0 || before != null || since != null
                || f.containsKey("status") || f.containsKey("exited");
        List<ContainerRecord> result = new ArrayList<>();
        for (Entry e : byId.values()) {
            ContainerRecord r = e.record;
            ContainerState state = r.state().status();
            if (!all && state != ContainerState.RUNNING && state != ContainerState.PAUSED
                    && state != ContainerState.RESTARTING) {
                continue;
            }
            if (!anyMatch(f.get("id"), v -> r.id().startsWith(v))
                    || !anyMatch(f.get("name"), v -> Pattern.compile(v.startsWith("/") ? v.substring(1) : v)
                            .matcher(r.name()).find())
                    || !allMatch(f.get("label"), v -> hasLabel(r.config().labels(), v))
                    || !anyMatch(f.get("status"), v -> state.wireName().equals(v))
                    || !anyMatch(f.get("ancestor"), v -> isAncestor(r, v))
                    || (!exited.isEmpty() && (state != ContainerState.EXITED || !exited.contains(r.state().exitCode())))
                    || (before != null && !r.created().isBefore(before))
                    || (since != null && !r.created().isAfter(since))) {
                continue;
            }
            result.add(r);
        }
        result.sort(Comparator.comparing(ContainerRecord::created).reversed());
        return options.limit() > 0 && result.size() > options.limit() ? result.subList(0, options.limit()) : result;
    }

    private Instant boundary(Set<String> values) {
        Instant at = null;
        for (String value : values) {
            at = entry(value).record.created();
        }
        return at;
    }

    private boolean isAncestor(ContainerRecord r, String value) {
        if (value.equals(r.config().image()) || withDefaultTag(value).equals(withDefaultTag(r.config().image()))) {
            return true;
        }
        String hex = value.startsWith("sha256:") ? value.substring(7) : value;
        if (hex.length() >= 4 && r.imageId().substring(7).startsWith(hex)) {
            return true;
        }
        return images.resolve(value).map(i -> i.id().equals(r.imageId())).orElse(false);
    }

    private static boolean anyMatch(Set<String> values, java.util.function.Predicate<String> test) {
        return values == null || values.isEmpty() || values.stream().anyMatch(test);
    }

    private static boolean allMatch(Set<String> values, java.util.function.Predicate<String> test) {
        return values == null || values.stream().allMatch(test);
    }

    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Full ID, then name (with or without "/"), then a unique ID prefix, as dockerd looks them up. */
    private Entry entry(String nameOrId) {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw EngineException.notFound("No such container: " + nameOrId);
        }
        Entry entry = byId.get(nameOrId);
        if (entry != null) {
            return entry;
        }
        String name = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        String id = byName.get(name);
        if (id != null && (entry = byId.get(id)) != null) {
            return entry;
        }
        Entry found = null;
        for (Map.Entry<String, Entry> e : byId.entrySet()) {
            if (e.getKey().startsWith(nameOrId)) {
                if (found != null) {
                    throw EngineException.invalidArgument("Multiple IDs found with provided prefix: " + nameOrId);
                }
                found = e.getValue();
            }
        }
        if (found == null) {
            throw EngineException.notFound("No such container: " + nameOrId);
        }
        return found;
    }

    /** Persists then publishes the snapshot; the caller holds the entry's lock. */
    private void update(Entry entry, ContainerRecord next) {
        store.write(next.id(), next);
        entry.record = next;
    }

    private void publish(String action, ContainerRecord record, Map<String, String> extra) {
        Map<String, String> attributes = new LinkedHashMap<>(record.config().labels());
        attributes.putAll(extra);
        attributes.put("image", record.config().image());
        attributes.put("name", record.name());
        Instant now = clock.instant();
        events.publish(Event.local("container", action, record.id(), attributes,
                now.getEpochSecond() * 1_000_000_000L + now.getNano()));
    }

    private void disconnectQuietly(String id) {
        try {
            network.disconnect(id);
        } catch (RuntimeException e) {
            // the network reports its own failure; the container's exit or failed start stands
            System.getLogger(ContainerService.class.getName()).log(System.Logger.Level.WARNING,
                    "disconnecting container " + id + ": " + e.getMessage());
        }
    }

    /** dockerd's network event: the network is the actor, the container an attribute. */
    private void publishNetwork(String action, String containerId) {
        Instant now = clock.instant();
        events.publish(Event.local("network", action, network.defaultNetworkId(), Map.of("container", containerId,
                "name", network.defaultNetworkName(), "type", "bridge"),
                now.getEpochSecond() * 1_000_000_000L + now.getNano()));
    }

    /** Only for the composition root's diagnostics: the IDs currently known. */
    public Optional<String> idOf(String nameOrId) {
        try {
            return Optional.of(entry(nameOrId).record.id());
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
