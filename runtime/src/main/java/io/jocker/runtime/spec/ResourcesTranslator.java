package io.jocker.runtime.spec;

import io.jocker.common.error.EngineException;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import java.util.List;

/**
 * Turns Docker's resource options into {@code linux.resources}, with the checks and wording of
 * moby's {@code daemon/daemon_unix.go} (verifyPlatformContainerResources). Stateless.
 */
final class ResourcesTranslator {
    /** moby linuxMinMemory: 6 MiB. */
    static final long MIN_MEMORY = 6L * 1024 * 1024;
    /** The CFS period {@code --cpus} uses, microseconds. */
    static final long CPU_PERIOD = 100_000;
    private static final long NANO = 1_000_000_000L;

    /** Docker's device cgroup allow-list for unprivileged containers (runc's AllowedDevices). */
    static final List<RuntimeSpec.DeviceRule> DEFAULT_DEVICES = List.of(
            new RuntimeSpec.DeviceRule(false, null, null, null, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", null, null, "m"),
            new RuntimeSpec.DeviceRule(true, "b", null, null, "m"),
            new RuntimeSpec.DeviceRule(true, "c", 1L, 3L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 1L, 8L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 1L, 7L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 5L, 0L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 1L, 5L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 1L, 9L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 136L, null, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 5L, 2L, "rwm"),
            new RuntimeSpec.DeviceRule(true, "c", 10L, 200L, "rwm"));
    static final List<RuntimeSpec.DeviceRule> PRIVILEGED_DEVICES =
            List.of(new RuntimeSpec.DeviceRule(true, null, null, null, "rwm"));

    private ResourcesTranslator() {}

    static RuntimeSpec.Resources translate(CreateOptions o, int cgroupVersion, int cpuCount) {
        return new RuntimeSpec.Resources(
                o.privileged() ? PRIVILEGED_DEVICES : DEFAULT_DEVICES,
                memory(o, cgroupVersion),
                cpu(o, cpuCount),
                o.pidsLimit() > 0 ? new RuntimeSpec.Pids(o.pidsLimit()) : null,
                blockIo(o.blkioWeight()));
    }

    static RuntimeSpec.Memory memory(CreateOptions o, int cgroupVersion) {
        long memory = o.memory();
        long swap = o.memorySwap();
        long reservation = o.memoryReservation();
        if (memory != 0 && memory < MIN_MEMORY) {
            throw EngineException.invalidArgument("Minimum memory limit allowed is 6MB");
        }
        if (memory == 0 && swap > 0) {
            throw EngineException.invalidArgument(
                    "You should always set the Memory limit when using Memoryswap limit, see usage");
        }
        if (memory > 0 && swap > 0 && swap < memory) {
            throw EngineException.invalidArgument(
                    "Minimum memoryswap limit should be larger than memory limit, see usage");
        }
        if (reservation != 0 && reservation < MIN_MEMORY) {
            throw EngineException.invalidArgument("Minimum memory reservation allowed is 6MB");
        }
        if (memory > 0 && reservation > 0 && memory < reservation) {
            throw EngineException.invalidArgument(
                    "Minimum memory limit can not be less than memory reservation limit, see usage");
        }
        Long limit = memory > 0 ? memory : null;
        Long swapLimit = null;
        if (swap == -1) {
            swapLimit = -1L;
        } else if (swap > 0) {
            swapLimit = swap;
        } else if (memory > 0) {
            swapLimit = memory * 2; // Docker: MemorySwap 0 with a memory limit means twice the memory
        }
        // Docker discards OomKillDisable on cgroup v2, which has no such knob.
        Boolean disableOom = o.oomKillDisable() && cgroupVersion == 1 ? Boolean.TRUE : null;
        Long res = reservation > 0 ? reservation : null;
        if (limit == null && swapLimit == null && res == null && disableOom == null) {
            return null;
        }
        return new RuntimeSpec.Memory(limit, res, swapLimit, disableOom);
    }

    static RuntimeSpec.Cpu cpu(CreateOptions o, int cpuCount) {
        long quota = o.cpuQuota();
        long period = o.cpuPeriod();
        if (o.nanoCpus() != 0) {
            if (period != 0) {
                throw EngineException.invalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
            }
            if (quota != 0) {
                throw EngineException.invalidArgument("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
            }
            if (o.nanoCpus() < 0 || (cpuCount > 0 && o.nanoCpus() > cpuCount * NANO) || o.nanoCpus() < NANO / 100) {
                throw EngineException.invalidArgument("Range of CPUs is from 0.01 to " + cpuCount
                        + ".00, as there are only " + cpuCount + " CPUs available");
            }
            period = CPU_PERIOD;
            quota = o.nanoCpus() * CPU_PERIOD / NANO;
        }
        if (period != 0 && (period < 1000 || period > 1_000_000)) {
            throw EngineException.invalidArgument(
                    "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1 second (i.e. 1000000)");
        }
        if (quota > 0 && quota < 1000) {
            throw EngineException.invalidArgument("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        }
        Long shares = o.cpuShares() > 0 ? o.cpuShares() : null;
        Long q = quota > 0 ? quota : null;
        Long p = period > 0 ? period : null;
        String cpus = o.cpusetCpus().isEmpty() ? null : o.cpusetCpus();
        if (shares == null && q == null && p == null && cpus == null) {
            return null;
        }
        return new RuntimeSpec.Cpu(shares, q, p, cpus);
    }

    private static RuntimeSpec.BlockIo blockIo(int weight) {
        if (weight == 0) {
            return null;
        }
        if (weight < 10 || weight > 1000) {
            throw EngineException.invalidArgument("Range of blkio weight is from 10 to 1000");
        }
        return new RuntimeSpec.BlockIo(weight);
    }
}
