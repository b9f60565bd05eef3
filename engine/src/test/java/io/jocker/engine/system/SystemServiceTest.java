package io.jocker.engine.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.engine.event.EventBus;
import io.jocker.linux.host.HostFacts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SystemServiceTest {
    private static final HostFacts.CgroupFeatures ALL_FEATURES =
            new HostFacts.CgroupFeatures(true, true, true, true, true, true, true);
    private static final HostFacts.CgroupFeatures NO_FEATURES =
            new HostFacts.CgroupFeatures(false, false, false, false, false, false, false);
    private static final EngineIdentity IDENTITY = new EngineIdentity("8d0f2a3c-0000-4000-8000-000000000001");
    private static final EngineVersion VERSION =
            new EngineVersion("0.1.0", "28.0.0", "1.48", "1.24", "abc1234", "25");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private static HostFacts host(HostFacts.CgroupLayout layout, HostFacts.CgroupFeatures features, boolean overlay,
            boolean forwarding) {
        return new HostFacts("6.1.0", "Debian GNU/Linux 12 (bookworm)", "12", "x86_64", "amd64", 4,
                8L << 30, "host", "boot", layout, features, overlay, true, forwarding, false, false);
    }

    private static HostFacts healthyV2Host() {
        return host(new HostFacts.CgroupLayout(2, false), ALL_FEATURES, true, true);
    }

    private static EngineSettings settings(String storageDriver) {
        return new EngineSettings(Path.of("/var/lib/jocker"), Path.of("/run/jocker"), false, List.of("a=b"),
                EngineSettings.runtimesOf(Map.of("runc", "runc")), "runc", storageDriver, "cgroupfs", "/jocker",
                "jocker0");
    }

    private static SystemService service(HostFacts host, EngineSettings settings, ObjectCounts.Source counts,
            java.util.function.IntSupplier listeners) {
        return new SystemService(IDENTITY, VERSION, host, settings, counts, "extfs", listeners,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SystemService service(HostFacts host) {
        return service(host, settings("overlay2"), () -> new ObjectCounts(0, 0, 0, 0), () -> 0);
    }

    @Test
    void info_healthyHost_hasNoWarnings() {
        assertThat(service(healthyV2Host()).info().warnings()).isEmpty();
    }

    @Test
    void info_hostWithoutAnyCgroupFeatureOrForwarding_warnsLikeDockerd() {
        SystemInfo info = service(host(new HostFacts.CgroupLayout(1, false), NO_FEATURES, true, false)).info();

        assertThat(info.warnings()).containsExactly(
                "WARNING: No memory limit support",
                "WARNING: No swap limit support",
                "WARNING: No cpu cfs quota support",
                "WARNING: No cpu shares support",
                "WARNING: IPv4 forwarding is disabled");
    }

    @Test
    void info_onlySwapAccountingMissing_warnsOnlyAboutSwap() {
        HostFacts.CgroupFeatures noSwap = new HostFacts.CgroupFeatures(true, false, true, true, true, true, true);

        SystemInfo info = service(host(new HostFacts.CgroupLayout(1, false), noSwap, true, true)).info();

        assertThat(info.warnings()).containsExactly("WARNING: No swap limit support");
    }

    @Test
    void info_cpuControllerMissing_warnsAboutQuotaAndShares() {
        HostFacts.CgroupFeatures noCpu = new HostFacts.CgroupFeatures(true, true, false, false, true, true, false);

        SystemInfo info = service(host(new HostFacts.CgroupLayout(2, false), noCpu, true, true)).info();

        assertThat(info.warnings()).containsExactly("WARNING: No cpu cfs quota support",
                "WARNING: No cpu shares support");
    }

    @Test
    void info_noOverlay_warnsNamingTheStorageDriverInUse() {
        HostFacts host = host(new HostFacts.CgroupLayout(2, false), ALL_FEATURES, false, true);

        SystemInfo info = service(host, settings("vfs"), () -> new ObjectCounts(0, 0, 0, 0), () -> 0).info();

        assertThat(info.warnings()).singleElement().asString()
                .startsWith("WARNING: the kernel has no overlay filesystem")
                .contains("copying vfs driver");
    }

    @Test
    void info_countsSource_isReadOnEveryCall() {
        AtomicInteger calls = new AtomicInteger();
        ObjectCounts.Source counts = () -> {
            int n = calls.incrementAndGet();
            return new ObjectCounts(n, 0, 2 * n, 10 * n);
        };
        SystemService service = service(healthyV2Host(), settings("overlay2"), counts, () -> 0);

        SystemInfo first = service.info();
        SystemInfo second = service.info();

        assertThat(first.counts()).isEqualTo(new ObjectCounts(1, 0, 2, 10));
        assertThat(second.counts()).isEqualTo(new ObjectCounts(2, 0, 4, 20));
        assertThat(second.counts().containers()).isEqualTo(6);
        assertThat(calls).hasValue(2);
    }

    @Test
    void info_eventListeners_reflectsTheBusSubscribersAtEachCall() {
        EventBus bus = new EventBus(8);
        SystemService service = service(healthyV2Host(), settings("overlay2"), () -> new ObjectCounts(0, 0, 0, 0),
                bus::subscriberCount);
        assertThat(service.info().eventListeners()).isZero();

        EventBus.Subscription a = bus.subscribe(e -> {});
        EventBus.Subscription b = bus.subscribe(e -> {});
        assertThat(service.info().eventListeners()).isEqualTo(2);

        a.close();
        b.close();
        assertThat(service.info().eventListeners()).isZero();
    }

    @Test
    void info_fixedParts_areReportedAsGiven() {
        HostFacts host = healthyV2Host();
        EngineSettings settings = settings("overlay2");
        SystemService service = service(host, settings, () -> new ObjectCounts(1, 2, 3, 4), () -> 0);

        SystemInfo info = service.info();

        assertThat(info.identity()).isEqualTo(IDENTITY);
        assertThat(info.version()).isEqualTo(VERSION);
        assertThat(info.host()).isEqualTo(host);
        assertThat(info.settings()).isEqualTo(settings);
        assertThat(info.backingFilesystem()).isEqualTo("extfs");
        assertThat(info.systemTime()).isEqualTo(NOW);
        assertThat(service.version()).isEqualTo(VERSION);
        assertThat(service.host()).isEqualTo(host);
    }

    @Test
    void info_systemTime_comesFromTheClockAtEachCall() {
        AtomicInteger ticks = new AtomicInteger();
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return NOW.plusSeconds(ticks.incrementAndGet());
            }
        };
        SystemService service = new SystemService(IDENTITY, VERSION, healthyV2Host(), settings("overlay2"),
                () -> new ObjectCounts(0, 0, 0, 0), "extfs", () -> 0, ticking);

        assertThat(service.info().systemTime()).isEqualTo(NOW.plusSeconds(1));
        assertThat(service.info().systemTime()).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void info_cgroupV2_reportsCgroupnsSecurityOption() {
        assertThat(service(healthyV2Host()).info().securityOptions()).containsExactly("name=cgroupns");
    }

    @Test
    void info_cgroupV1_reportsNoCgroupnsSecurityOption() {
        HostFacts v1 = host(new HostFacts.CgroupLayout(1, true), ALL_FEATURES, true, true);

        assertThat(service(v1).info().securityOptions()).doesNotContain("name=cgroupns");
    }

    @Test
    void info_warningsAndOptions_areImmutable() {
        SystemInfo info = service(host(new HostFacts.CgroupLayout(2, false), NO_FEATURES, false, false)).info();

        assertThat(info.warnings()).isUnmodifiable();
        assertThat(info.securityOptions()).isUnmodifiable();
    }
}
