package io.jocker.network.ipam;

import io.jocker.common.error.EngineException;
import io.jocker.storage.metadata.RecordStore;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Ipam} on a {@link RecordStore}: one record per network, rewritten atomically on every
 * change before the change is visible in memory, so a crash never leaves an address both handed
 * out and free.
 *
 * <p>Thread-safe: a lock per pool for allocation; adding and removing pools take the store lock.
 */
final class LocalIpam implements Ipam {
    static final int FORMAT_VERSION = 1;

    /** The durable form of a pool; addresses in dotted-quad text. */
    record PoolRecord(String networkId, String networkName, String subnet, String gateway, List<String> allocated) {}

    /** A pool in memory: offsets from the network address of the taken addresses. */
    private static final class State {
        final Pool pool;
        final BitSet taken;
        boolean removed;

        State(Pool pool, BitSet taken) {
            this.pool = pool;
            this.taken = taken;
        }
    }

    private final RecordStore<PoolRecord> store;
    private final Map<String, State> pools = new ConcurrentHashMap<>();

    private LocalIpam(RecordStore<PoolRecord> store) {
        this.store = store;
    }

    static LocalIpam open(Path dir) {
        LocalIpam ipam = new LocalIpam(RecordStore.open(dir, PoolRecord.class, FORMAT_VERSION));
        for (String key : ipam.store.keys()) {
            ipam.store.read(key).ifPresent(r -> ipam.pools.put(r.networkId(), ipam.load(r)));
        }
        return ipam;
    }

    private State load(PoolRecord r) {
        Subnet subnet = Subnet.parse(r.subnet());
        List<Inet4Address> allocated = new ArrayList<>();
        for (String text : r.allocated() == null ? List.<String>of() : r.allocated()) {
            allocated.add(Subnet.parseAddress(text));
        }
        Pool pool = new Pool(r.networkId(), r.networkName(), subnet, Subnet.parseAddress(r.gateway()), allocated);
        return new State(pool, takenOf(pool));
    }

    @Override
    public synchronized Pool addPool(String networkId, String networkName, Subnet subnet, Inet4Address gateway) {
        Inet4Address gw = gateway != null ? gateway : subnet.gateway();
        if (!isHost(subnet, gw)) {
            throw EngineException.invalidArgument(
                    "failed to allocate gateway (" + gw.getHostAddress() + "): Requested address is out of range");
        }
        State existing = pools.get(networkId);
        if (existing != null) {
            if (existing.pool.subnet().equals(subnet) && existing.pool.gateway().equals(gw)) {
                return snapshot(existing);
            }
            throw EngineException.conflict("network " + networkId + " already has address pool "
                    + existing.pool.subnet());
        }
        for (State other : pools.values()) {
            if (other.pool.subnet().overlaps(subnet)) {
                throw EngineException.forbidden("Pool overlaps with other one on this address space");
            }
        }
        Pool pool = new Pool(networkId, networkName, subnet, gw, List.of());
        store.write(networkId, toRecord(pool, new BitSet()));
        pools.put(networkId, new State(pool, takenOf(pool)));
        return pool;
    }

    @Override
    public synchronized boolean removePool(String networkId) {
        State state = pools.get(networkId);
        if (state == null) {
            return false;
        }
        synchronized (state) {
            store.delete(networkId);
            state.removed = true;
            pools.remove(networkId);
        }
        return true;
    }

    @Override
    public Optional<Pool> pool(String networkId) {
        State state = pools.get(networkId);
        if (state == null) {
            return Optional.empty();
        }
        synchronized (state) {
            return state.removed ? Optional.empty() : Optional.of(snapshot(state));
        }
    }

    @Override
    public Inet4Address allocate(String networkId) {
        State state = stateOf(networkId);
        synchronized (state) {
            checkNotRemoved(state, networkId);
            long hosts = state.pool.subnet().hostCount();
            int offset = state.taken.nextClearBit(1);
            if (offset > hosts) {
                throw EngineException.internal("no available IPv4 addresses on this network's address pools: "
                        + state.pool.networkName() + " (" + networkId + ")", null);
            }
            return take(state, offset);
        }
    }

    @Override
    public Inet4Address allocate(String networkId, Inet4Address requested) {
        State state = stateOf(networkId);
        synchronized (state) {
            checkNotRemoved(state, networkId);
            Subnet subnet = state.pool.subnet();
            if (!subnet.contains(requested)) {
                throw EngineException.invalidArgument("Requested address is out of range");
            }
            int offset = (int) subnet.offsetOf(requested);
            if (!isHost(subnet, requested) || state.taken.get(offset)) {
                throw EngineException.forbidden("Address already in use");
            }
            return take(state, offset);
        }
    }

    @Override
    public boolean release(String networkId, Inet4Address address) {
        State state = stateOf(networkId);
        synchronized (state) {
            checkNotRemoved(state, networkId);
            Subnet subnet = state.pool.subnet();
            if (!isHost(subnet, address) || address.equals(state.pool.gateway())) {
                return false;
            }
            int offset = (int) subnet.offsetOf(address);
            if (!state.taken.get(offset)) {
                return false;
            }
            BitSet next = (BitSet) state.taken.clone();
            next.clear(offset);
            store.write(networkId, toRecord(state.pool, next));
            state.taken.clear(offset);
            return true;
        }
    }

    private Inet4Address take(State state, int offset) {
        BitSet next = (BitSet) state.taken.clone();
        next.set(offset);
        store.write(state.pool.networkId(), toRecord(state.pool, next));
        state.taken.set(offset);
        return state.pool.subnet().addressAt(offset);
    }

    private State stateOf(String networkId) {
        State state = pools.get(networkId);
        if (state == null) {
            throw EngineException.notFound("network " + networkId + " not found");
        }
        return state;
    }

    private static void checkNotRemoved(State state, String networkId) {
        if (state.removed) {
            throw EngineException.notFound("network " + networkId + " not found");
        }
    }

    private static boolean isHost(Subnet subnet, Inet4Address address) {
        if (!subnet.contains(address)) {
            return false;
        }
        long offset = subnet.offsetOf(address);
        return offset >= 1 && offset <= subnet.hostCount();
    }

    /** Offsets taken: the network address, the gateway and the allocated addresses. */
    private static BitSet takenOf(Pool pool) {
        BitSet taken = new BitSet();
        taken.set(0);
        taken.set((int) pool.subnet().offsetOf(pool.gateway()));
        for (Inet4Address a : pool.allocated()) {
            taken.set((int) pool.subnet().offsetOf(a));
        }
        return taken;
    }

    private static Pool snapshot(State state) {
        return new Pool(state.pool.networkId(), state.pool.networkName(), state.pool.subnet(), state.pool.gateway(),
                allocatedOf(state.pool, state.taken));
    }

    private static List<Inet4Address> allocatedOf(Pool pool, BitSet taken) {
        int gatewayOffset = (int) pool.subnet().offsetOf(pool.gateway());
        List<Inet4Address> allocated = new ArrayList<>();
        for (int i = taken.nextSetBit(1); i >= 0; i = taken.nextSetBit(i + 1)) {
            if (i != gatewayOffset) {
                allocated.add(pool.subnet().addressAt(i));
            }
        }
        return allocated;
    }

    private static PoolRecord toRecord(Pool pool, BitSet taken) {
        BitSet withBase = (BitSet) taken.clone();
        withBase.set(0);
        List<String> allocated = allocatedOf(pool, withBase).stream().map(Inet4Address::getHostAddress).toList();
        return new PoolRecord(pool.networkId(), pool.networkName(), pool.subnet().toString(),
                pool.gateway().getHostAddress(), allocated);
    }
}
