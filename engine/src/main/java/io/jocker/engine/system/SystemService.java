package io.jocker.engine.system;

import io.jocker.linux.host.HostFacts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the system resource: {@code /info} and {@code /version}. Thread-safe: everything it holds
 * is immutable except the counts, which it reads from live sources on every call.
 */
public final class SystemService {
    private final EngineIdentity identity;
    private final EngineVersion version;
    private final HostFacts host;
    private final EngineSettings settings;
    private final ObjectCounts.Source counts;
    private final String backingFilesystem;
    private final java.util.function.IntSupplier eventListeners;
    private final Clock clock;

    public SystemService(EngineIdentity identity, EngineVersion version, HostFacts host, EngineSettings settings,
            ObjectCounts.Source counts, String backingFilesystem, java.util.function.IntSupplier eventListeners,
            Clock clock) {
        this.identity = identity;
        this.version = version;
        this.host = host;
        this.settings = settings;
        this.counts = counts;
        this.backingFilesystem = backingFilesystem;
        this.eventListeners = eventListeners;
        this.clock = clock;
    }

    public EngineVersion version() {
        return version;
    }

    public HostFacts host() {
        return host;
    }

    public SystemInfo info() {
        return new SystemInfo(identity, version, host, settings, counts.counts(), backingFilesystem,
                securityOptions(), warnings(), eventListeners.getAsInt(), clock.instant());
    }

    private List<String> securityOptions() {
        List<String> options = new ArrayList<>();
        if (host.cgroup().version() == 2) {
            options.add("name=cgroupns");
        }
        return options;
    }

    private List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        HostFacts.CgroupFeatures features = host.cgroupFeatures();
        if (!features.memory()) {
            warnings.add("WARNING: No memory limit support");
        }
        if (!features.swap()) {
            warnings.add("WARNING: No swap limit support");
        }
        if (!features.cpuCfsQuota()) {
            warnings.add("WARNING: No cpu cfs quota support");
        }
        if (!features.cpuShares()) {
            warnings.add("WARNING: No cpu shares support");
        }
        if (!host.ipv4Forwarding()) {
            warnings.add("WARNING: IPv4 forwarding is disabled");
        }
        if (!host.overlaySupported()) {
            warnings.add("WARNING: the kernel has no overlay filesystem; images are stored with the copying "
                    + settings.storageDriver() + " driver, which is slow and uses more disk");
        }
        return warnings;
    }
}
