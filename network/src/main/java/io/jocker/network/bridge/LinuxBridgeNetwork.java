package io.jocker.network.bridge;

import io.jocker.common.error.EngineException;
import io.jocker.linux.command.CommandException;
import io.jocker.linux.command.CommandResult;
import io.jocker.linux.command.CommandRunner;
import io.jocker.linux.netns.NetworkNamespaces;
import io.jocker.network.firewall.Firewall;
import io.jocker.network.ipam.HostFacts;
import io.jocker.network.ipam.Ipam;
import io.jocker.network.ipam.Pool;
import io.jocker.network.ipam.Subnet;
import io.jocker.network.ipam.SubnetChooser;
import io.jocker.storage.metadata.RecordStore;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * {@link BridgeNetwork} with iproute2 and a named namespace per container
 * (reference/host-recipes.md §5). A connect is one namespace made through the FFM API and two
 * {@code ip -batch -} processes, one in the host's namespace and one in the container's:
 *
 * <pre>
 * host:      link add VETH type veth peer name eth0 address MAC netns NETNS
 *            link set VETH master BRIDGE up
 * container: link set lo up
 *            addr add IP/LEN brd + dev eth0
 *            link set eth0 up
 *            route add default via GATEWAY
 * </pre>
 *
 * The endpoint record is written before anything is made and deleted after everything is gone, so
 * whatever a crash interrupts is found again by {@link #open} (see the package doc).
 *
 * <p>Thread-safe: calls for one container hold one of {@link #STRIPES} locks chosen by its ID;
 * connect and disconnect share a read lock that {@link #removeAll} takes for writing.
 */
final class LinuxBridgeNetwork implements BridgeNetwork {
    private static final int STRIPES = 64;
    private static final int VETH_NAME_ATTEMPTS = 3;
    private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private static final System.Logger LOG = System.getLogger(LinuxBridgeNetwork.class.getName());
    private final BridgeConfig config;
    private final Ipam ipam;
    private final CommandRunner host;
    private final NetworkNamespaces netns;
    private final Firewall firewall;
    private final RecordStore<EndpointRecord> records;
    private final Pool pool;
    private final RandomGenerator random;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Object[] stripes = new Object[STRIPES];
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    /** Runs the slow half of disconnects (see {@link #reap}); a background thread outside tests. */
    private final Executor reaper;
    /** Disconnects whose veth and address are still being let go, by host veth name. */
    private final Map<String, CompletableFuture<Void>> reaping = new ConcurrentHashMap<>();

    private LinuxBridgeNetwork(BridgeConfig config, Ipam ipam, CommandRunner host, NetworkNamespaces netns,
            Pool pool, RandomGenerator random, Executor reaper) {
        this.config = config;
        this.reaper = reaper;
        this.ipam = ipam;
        this.host = host;
        this.netns = netns;
        this.pool = pool;
        this.random = random;
        this.firewall = Firewall.iptables(host, config.chainPrefix(), config.bridgeName(), pool.subnet());
        this.records = RecordStore.open(config.stateDir().resolve("endpoints"), EndpointRecord.class,
                EndpointRecord.FORMAT_VERSION);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    static LinuxBridgeNetwork open(BridgeConfig config, Ipam ipam, CommandRunner host, NetworkNamespaces netns) {
        // platform threads: a reap runs ip, a blocking process call (host-recipes, traps)
        ExecutorService reaper = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("veth-reaper").factory());
        return open(config, ipam, host, netns, new SecureRandom(), reaper);
    }

    /** @param reaper runs the slow half of each disconnect; tests pass {@code Runnable::run} */
    static LinuxBridgeNetwork open(BridgeConfig config, Ipam ipam, CommandRunner host, NetworkNamespaces netns,
            RandomGenerator random, Executor reaper) {
        Pool pool = ensurePool(config, ipam, host);
        LinuxBridgeNetwork network = new LinuxBridgeNetwork(config, ipam, host, netns, pool, random, reaper);
        network.prepareNamespaceDirectory();
        network.loadEndpoints();
        network.reconcileAddresses();
        network.ensureBridge();
        network.sweepLeftovers();
        network.enableForwarding();
        network.firewall.ensure();
        return network;
    }

    // ---------------------------------------------------------------- open, step by step

    private static Pool ensurePool(BridgeConfig config, Ipam ipam, CommandRunner host) {
        Optional<Pool> existing = ipam.pool(config.networkId());
        if (existing.isPresent() && (config.subnet() == null || existing.get().subnet().equals(config.subnet()))) {
            return existing.get();
        }
        Subnet subnet = config.subnet() != null ? config.subnet() : chooseSubnet(config, host);
        ipam.addPool(config.networkId(), config.networkName(), subnet, null);
        return ipam.pool(config.networkId()).orElseThrow();
    }

    /** The first default candidate clear of the host's routes (our own bridge's aside) and nameservers. */
    private static Subnet chooseSubnet(BridgeConfig config, CommandRunner host) {
        String routes = host.run(List.of("ip", "-4", "route", "show"), null).orThrow().stdout();
        String ours = " dev " + config.bridgeName() + " ";
        String others = String.join("\n", routes.lines().filter(l -> !(l + " ").contains(ours)).toList());
        String resolvConf = "";
        try {
            if (Files.exists(config.hostResolvConf())) {
                resolvConf = Files.readString(config.hostResolvConf());
            }
        } catch (IOException e) {
            throw EngineException.internal("reading " + config.hostResolvConf(), e);
        }
        return SubnetChooser.chooseDefault(HostFacts.parseRoutes(others), HostFacts.parseNameservers(resolvConf),
                Set.of());
    }

    private void prepareNamespaceDirectory() {
        try {
            netns.prepareDirectory(config.netnsDir());
        } catch (IOException e) {
            throw EngineException.internal("network " + config.networkName() + ": preparing " + config.netnsDir(), e);
        }
    }

    /** Re-learns the endpoints; one whose namespace is gone is torn down (a reboot, or a crash mid-connect). */
    private void loadEndpoints() {
        for (String key : records.keys()) {
            Optional<EndpointRecord> record = records.read(key);
            if (record.isEmpty()) {
                continue;
            }
            Endpoint e = record.get().toEndpoint();
            if (namespaceExists(e.netnsPath())) {
                endpoints.put(e.containerId(), e);
            } else {
                tearDown(e);
            }
        }
    }

    /** Releases addresses no endpoint holds, and takes back those an endpoint holds but IPAM forgot. */
    private void reconcileAddresses() {
        Set<Inet4Address> held = new HashSet<>();
        for (Endpoint e : endpoints.values()) {
            held.add(e.address());
        }
        Pool now = ipam.pool(config.networkId()).orElseThrow();
        for (Inet4Address allocated : now.allocated()) {
            if (!held.contains(allocated)) {
                ipam.release(config.networkId(), allocated);
            }
        }
        for (Inet4Address address : held) {
            if (!now.allocated().contains(address)) {
                ipam.allocate(config.networkId(), address);
            }
        }
    }

    private void ensureBridge() {
        String bridge = config.bridgeName();
        String gateway = pool.gateway().getHostAddress() + "/" + pool.subnet().prefixLength();
        CommandResult shown = host.run(List.of("ip", "-o", "-4", "addr", "show", "dev", bridge), null);
        List<String> batch = new ArrayList<>();
        if (!shown.succeeded()) {
            batch.add("link add " + bridge + " type bridge");
        }
        if (!shown.stdout().contains(" inet " + gateway + " ")) {
            // Another address (an older subnet) would route the old range here: replace them all.
            if (shown.succeeded() && shown.stdout().contains(" inet ")) {
                batch.add("addr flush dev " + bridge);
            }
            batch.add("addr add " + gateway + " brd + dev " + bridge);
        }
        batch.add("link set " + bridge + " up");
        ipBatch(host, batch, "setting up bridge " + bridge);
    }

    /** Veths on our bridge and namespace names that no endpoint accounts for. */
    private void sweepLeftovers() {
        Set<String> veths = new HashSet<>();
        Set<Path> namespaces = new HashSet<>();
        for (Endpoint e : endpoints.values()) {
            veths.add(e.hostVeth());
            namespaces.add(e.netnsPath());
        }
        String ports = host.run(List.of("ip", "-o", "link", "show", "master", config.bridgeName()), null)
                .orThrow().stdout();
        for (String name : portNames(ports)) {
            if (name.startsWith(EndpointNames.VETH_PREFIX) && !veths.contains(name)) {
                deleteLink(name);
            }
        }
        try {
            for (String name : netns.list(config.netnsDir())) {
                Path path = config.netnsDir().resolve(name);
                if (!namespaces.contains(path)) {
                    netns.delete(path);
                }
            }
        } catch (IOException e) {
            throw EngineException.internal("network " + config.networkName() + ": sweeping " + config.netnsDir(), e);
        }
    }

    /** The interface names of {@code ip -o link show} lines: "5: vjab12cd340f1a@if2: <...". */
    static List<String> portNames(String ipLinkOutput) {
        List<String> names = new ArrayList<>();
        for (String line : ipLinkOutput.split("\n")) {
            String[] fields = line.split(":", 3);
            if (fields.length >= 2 && !fields[1].isBlank()) {
                String name = fields[1].strip();
                int at = name.indexOf('@');
                names.add(at < 0 ? name : name.substring(0, at));
            }
        }
        return names;
    }

    /** Containers reach the outside only when the host routes between interfaces. */
    private void enableForwarding() {
        String value = host.run(List.of("sysctl", "-n", "net.ipv4.ip_forward"), null).orThrow().stdout().strip();
        if (value.equals("0")) {
            host.run(List.of("sysctl", "-q", "-w", "net.ipv4.ip_forward=1"), null).orThrow();
        }
    }

    // ---------------------------------------------------------------- the API

    @Override
    public BridgeConfig config() {
        return config;
    }

    @Override
    public Pool pool() {
        return ipam.pool(config.networkId()).orElseThrow(
                () -> EngineException.notFound("network " + config.networkName() + " not found"));
    }

    @Override
    public Endpoint connect(String containerId) {
        return connect(containerId, null);
    }

    @Override
    public Endpoint connect(String containerId, Inet4Address requested) {
        checkContainerId(containerId);
        lifecycle.readLock().lock();
        try {
            synchronized (stripeOf(containerId)) {
                Endpoint existing = endpoints.get(containerId);
                if (existing != null) {
                    if (namespaceExists(existing.netnsPath())) {
                        if (requested != null && !requested.equals(existing.address())) {
                            throw EngineException.conflict("container " + containerId + " is already connected to network "
                                    + config.networkName() + " with address " + existing.address().getHostAddress());
                        }
                        return existing;
                    }
                    disconnectLocked(containerId);
                }
                return create(containerId, requested);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private Endpoint create(String containerId, Inet4Address requested) {
        Inet4Address address = requested == null
                ? ipam.allocate(config.networkId())
                : ipam.allocate(config.networkId(), requested);
        Endpoint endpoint = new Endpoint(containerId, config.netnsDir().resolve(containerId), address,
                pool.subnet().prefixLength(), pool.gateway(), EndpointNames.macAddress(address),
                EndpointNames.hostVeth(containerId, random));
        try {
            records.write(containerId, EndpointRecord.of(endpoint));
            createNamespace(endpoint.netnsPath());
            endpoint = addVethPair(endpoint);
            configureContainerSide(endpoint);
        } catch (RuntimeException e) {
            try {
                // The record names the veth last tried (addVethPair rewrites it for each new name).
                tearDown(records.read(containerId).map(EndpointRecord::toEndpoint).orElse(endpoint));
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            if (e instanceof EngineException ee) {
                throw EngineException.wrap("connecting container " + containerId + " to network "
                        + config.networkName(), ee);
            }
            throw EngineException.internal("connecting container " + containerId + " to network "
                    + config.networkName() + ": " + e.getMessage(), e);
        }
        endpoints.put(containerId, endpoint); // visible only once complete
        return endpoint;
    }

    private void createNamespace(Path path) {
        try {
            try {
                netns.create(path);
            } catch (FileAlreadyExistsException stale) {
                // No endpoint owns it (connect checked): a leftover of a crash; replace it.
                netns.delete(path);
                netns.create(path);
            }
        } catch (IOException e) {
            throw EngineException.internal("creating network namespace " + path + ": " + e.getMessage(), e);
        }
    }

    /** The host batch; on a name clash (another container with the same ID prefix and suffix) a new name. */
    private Endpoint addVethPair(Endpoint endpoint) {
        Endpoint e = endpoint;
        for (int attempt = 1; ; attempt++) {
            List<String> batch = List.of(
                    "link add " + e.hostVeth() + " type veth peer name " + EndpointNames.CONTAINER_INTERFACE
                            + " address " + e.macAddress() + " netns " + e.netnsPath(),
                    "link set " + e.hostVeth() + " master " + config.bridgeName() + " up");
            CommandResult r = host.run(List.of("ip", "-batch", "-"), String.join("\n", batch) + "\n");
            if (r.succeeded()) {
                return e;
            }
            if (!r.stderr().contains("File exists") || attempt == VETH_NAME_ATTEMPTS) {
                throw EngineException.internal("adding veth " + e.hostVeth() + " to bridge " + config.bridgeName()
                        + ": " + new CommandException(r).getMessage(), null);
            }
            e = new Endpoint(e.containerId(), e.netnsPath(), e.address(), e.prefixLength(), e.gateway(),
                    e.macAddress(), EndpointNames.hostVeth(e.containerId(), random));
            records.write(e.containerId(), EndpointRecord.of(e));
        }
    }

    private void configureContainerSide(Endpoint e) {
        String eth0 = EndpointNames.CONTAINER_INTERFACE;
        ipBatch(host.inNetworkNamespace(e.netnsPath()), List.of(
                "link set lo up",
                "addr add " + e.cidr() + " brd + dev " + eth0,
                "link set " + eth0 + " up",
                "route add default via " + e.gateway().getHostAddress()), "configuring " + eth0 + " in " + e.netnsPath());
    }

    @Override
    public Optional<Endpoint> endpoint(String containerId) {
        return Optional.ofNullable(endpoints.get(containerId));
    }

    @Override
    public List<Endpoint> endpoints() {
        return endpoints.values().stream().sorted(Comparator.comparing(Endpoint::containerId)).toList();
    }

    @Override
    public boolean disconnect(String containerId) {
        checkContainerId(containerId);
        lifecycle.readLock().lock();
        try {
            synchronized (stripeOf(containerId)) {
                return disconnectLocked(containerId);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private boolean disconnectLocked(String containerId) {
        Endpoint e = endpoints.get(containerId);
        if (e == null) {
            return false;
        }
        deleteNamespace(e);
        endpoints.remove(containerId);
        // Deleting the veth costs a kernel grace period (about 20 ms): done after the caller goes on.
        CompletableFuture<Void> reap = new CompletableFuture<>();
        reaping.put(e.hostVeth(), reap);
        reaper.execute(() -> {
            try {
                reap(e);
                reap.complete(null);
            } catch (RuntimeException failure) {
                reap.completeExceptionally(failure);
                LOG.log(System.Logger.Level.WARNING, "removing veth " + e.hostVeth() + " of container "
                        + e.containerId() + ": " + failure.getMessage() + " (the next start sweeps it)");
            } finally {
                reaping.remove(e.hostVeth(), reap);
            }
        });
        return true;
    }

    /**
     * The namespace first, at once: the container is off the network from then on. Its processes
     * are gone (the contract of disconnect), so nothing else holds the namespace.
     */
    private void deleteNamespace(Endpoint e) {
        try {
            netns.delete(e.netnsPath());
        } catch (IOException ex) {
            throw EngineException.internal("deleting network namespace " + e.netnsPath(), ex);
        }
    }

    /**
     * Then the host veth (which takes eth0 with it; a deleted namespace would drop it only
     * asynchronously, so its address is not handed out while the old veth may still answer), the
     * address, and last the record, unless the container connected again meanwhile, so a crash in
     * between leaves a record for the next open to sweep.
     */
    private void reap(Endpoint e) {
        deleteLink(e.hostVeth());
        ipam.release(config.networkId(), e.address());
        synchronized (stripeOf(e.containerId())) {
            boolean replaced = records.read(e.containerId())
                    .map(r -> !r.toEndpoint().hostVeth().equals(e.hostVeth())).orElse(true);
            if (!replaced) {
                records.delete(e.containerId());
            }
        }
    }

    private void tearDown(Endpoint e) {
        deleteNamespace(e);
        reap(e);
    }

    /** Waits for the disconnects under way to finish letting go of their veths and addresses. */
    void awaitReaped() {
        for (CompletableFuture<Void> reap : List.copyOf(reaping.values())) {
            try {
                reap.join();
            } catch (RuntimeException e) {
                // logged by the reaper; the sweep at the next open removes what it left
            }
        }
    }

    @Override
    public void removeAll() {
        lifecycle.writeLock().lock();
        try {
            awaitReaped();
            for (Endpoint e : endpoints()) {
                tearDown(e);
                endpoints.remove(e.containerId());
            }
            firewall.remove();
            deleteLink(config.bridgeName());
            ipam.removePool(config.networkId());
            try {
                if (netns.list(config.netnsDir()).isEmpty()) {
                    netns.releaseDirectory(config.netnsDir());
                }
            } catch (IOException e) {
                throw EngineException.internal("releasing " + config.netnsDir(), e);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Deletes a link; one that does not exist is fine. */
    private void deleteLink(String name) {
        CommandResult r = host.run(List.of("ip", "link", "del", name), null);
        if (!r.succeeded() && !r.stderr().contains("Cannot find device")) {
            throw EngineException.internal("deleting link " + name + ": " + new CommandException(r).getMessage(), null);
        }
    }

    private static void ipBatch(CommandRunner runner, List<String> lines, String what) {
        CommandResult r = runner.run(List.of("ip", "-batch", "-"), String.join("\n", lines) + "\n");
        if (!r.succeeded()) {
            throw EngineException.internal(what + ": " + new CommandException(r).getMessage(), null);
        }
    }

    private boolean namespaceExists(Path path) {
        try {
            return netns.exists(path);
        } catch (IOException e) {
            throw EngineException.internal("reading network namespace " + path, e);
        }
    }

    private Object stripeOf(String containerId) {
        return stripes[Math.floorMod(containerId.hashCode(), STRIPES)];
    }

    private static void checkContainerId(String containerId) {
        if (containerId == null || !CONTAINER_ID.matcher(containerId).matches()) {
            throw EngineException.invalidArgument("invalid container ID " + containerId);
        }
    }
}
