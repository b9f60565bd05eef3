package io.jocker.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaemonConfigTest {
    /** iptables refuses chain names longer than this (XT_EXTENSION_MAXNAMELEN - 1). */
    private static final int IPTABLES_MAX_CHAIN = 28;
    private static final String LONGEST_SUFFIX = "-POSTROUTING";

    private static DaemonConfig withBridge(String bridge) {
        return config(bridge, "info");
    }

    private static DaemonConfig config(String bridge, String logLevel) {
        return new DaemonConfig(List.of(DaemonConfig.DEFAULT_HOST), Path.of("/d"), Path.of("/e"), Path.of("/p"),
                logLevel, bridge, "/jocker", "vfs", "runc", new TreeMap<>(), List.of(), null);
    }

    @Test
    void firewallChainPrefix_defaultBridge_isJocker() {
        assertThat(withBridge("jocker0").firewallChainPrefix()).isEqualTo("JOCKER");
    }

    @Test
    void firewallChainPrefix_otherBridge_isJockerAndAHashOfTheName() {
        assertThat(withBridge("jtest0").firewallChainPrefix()).matches("JOCKER-[0-9A-F]{8}");
    }

    @Test
    void firewallChainPrefix_isStableForOneBridge_andCaseSensitive() {
        assertThat(withBridge("br-a").firewallChainPrefix()).isEqualTo(withBridge("br-a").firewallChainPrefix())
                .isNotEqualTo(withBridge("BR-A").firewallChainPrefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jocker0", "b", "br0", "docker0", "abcdefghijklmno", "x-y_z.1"})
    void firewallChainPrefix_anyBridge_leavesRoomForTheLongestSuffix(String bridge) {
        String prefix = withBridge(bridge).firewallChainPrefix();

        assertThat(prefix + LONGEST_SUFFIX).hasSizeLessThanOrEqualTo(IPTABLES_MAX_CHAIN);
        assertThat(prefix).startsWith("JOCKER");
    }

    @Test
    void firewallChainPrefix_otherBridge_differsFromTheDefaultDaemons() {
        assertThat(withBridge("jtest0").firewallChainPrefix()).isNotEqualTo(withBridge("jocker0").firewallChainPrefix());
    }

    @Test
    void firewallChainPrefix_longBridgesSharingAPrefix_differ() {
        String one = withBridge("jockertest1").firewallChainPrefix();
        String two = withBridge("jockertest2").firewallChainPrefix();

        assertThat(one).isNotEqualTo(two);
        assertThat(one + LONGEST_SUFFIX).hasSizeLessThanOrEqualTo(IPTABLES_MAX_CHAIN);
        assertThat(two + LONGEST_SUFFIX).hasSizeLessThanOrEqualTo(IPTABLES_MAX_CHAIN);
    }

    @Test
    void debug_isTrueOnlyForDebugLevel() {
        assertThat(config("jocker0", "debug").debug()).isTrue();
        assertThat(config("jocker0", "info").debug()).isFalse();
    }

    @Test
    void constructor_copiesListsAndRuntimesImmutably() {
        List<String> hosts = new ArrayList<>(List.of("unix:///a.sock"));
        List<String> labels = new ArrayList<>(List.of("a=b"));
        TreeMap<String, String> runtimes = new TreeMap<>();
        runtimes.put("runc", "runc");

        DaemonConfig config = new DaemonConfig(hosts, Path.of("/d"), Path.of("/e"), Path.of("/p"), "info", "jocker0",
                "/jocker", "vfs", "runc", runtimes, labels, null);
        hosts.add("tcp://x");
        labels.add("c=d");
        runtimes.put("crun", "crun");

        assertThat(config.hosts()).containsExactly("unix:///a.sock");
        assertThat(config.labels()).containsExactly("a=b");
        assertThat(config.runtimes()).containsOnlyKeys("runc");
        assertThatThrownBy(() -> config.runtimes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(config.hosts()).isUnmodifiable();
    }

    @Test
    void constructor_missingDataRoot_throwsNullPointerException() {
        assertThatThrownBy(() -> new DaemonConfig(List.of(), null, Path.of("/e"), Path.of("/p"), "info", "jocker0",
                "/jocker", "vfs", "runc", new TreeMap<>(), List.of(), null)).isInstanceOf(NullPointerException.class);
    }
}
