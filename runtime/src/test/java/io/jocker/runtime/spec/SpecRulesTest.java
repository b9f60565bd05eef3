package io.jocker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import io.jocker.runtime.spec.ContainerSpecInput.Ulimit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecRulesTest {
    private static final EnumSet<Capability> NO_SYS_RESOURCE = EnumSet.complementOf(EnumSet.of(Capability.SYS_RESOURCE));

    @Test
    void dockerDefaults_mask_isA80425fb() {
        assertThat(Capability.toMask(Capability.DOCKER_DEFAULTS)).isEqualTo(0xa80425fbL);
        assertThat(Capability.toMask(CapabilityResolver.resolve(List.of(), List.of(), false, NO_SYS_RESOURCE)))
                .isEqualTo(0xa80425fbL);
    }

    @Test
    void privileged_usesDaemonBoundingSet() {
        assertThat(CapabilityResolver.resolve(List.of(), List.of(), true, NO_SYS_RESOURCE))
                .isEqualTo(NO_SYS_RESOURCE);
    }

    @Test
    void capAdd_outsideBoundingSet_isRejectedWithDockerText() {
        assertThatThrownBy(() -> CapabilityResolver.resolve(List.of("sys_resource"), List.of(), false, NO_SYS_RESOURCE))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("invalid CapAdd: capability not supported by your kernel or not available in the current environment: \"CAP_SYS_RESOURCE\"");
    }

    @Test
    void capAdd_unknown_isRejectedWithDockerText() {
        assertThatThrownBy(() -> CapabilityResolver.resolve(List.of("FOO"), List.of(), false, NO_SYS_RESOURCE))
                .hasMessage("invalid CapAdd: unknown capability: \"CAP_FOO\"");
    }

    @Test
    void capAddAll_minusDrops() {
        var caps = CapabilityResolver.resolve(List.of("ALL"), List.of("CAP_NET_RAW"), false, NO_SYS_RESOURCE);
        assertThat(caps).doesNotContain(Capability.NET_RAW, Capability.SYS_RESOURCE).contains(Capability.SYS_ADMIN);
    }

    @Test
    void ulimit_aboveDaemonHard_isClamped() {
        var r = RlimitResolver.resolve(List.of(new Ulimit("nofile", 1048576, 1048576), new Ulimit("nofile", 1024, 30000)),
                Map.of("nofile", 20000L));
        assertThat(r).containsExactly(new RuntimeSpec.Rlimit("RLIMIT_NOFILE", 20000, 20000),
                new RuntimeSpec.Rlimit("RLIMIT_NOFILE", 20000, 1024));
    }

    @Test
    void ulimit_unknownOrSoftAboveHard_isRejected() {
        assertThatThrownBy(() -> RlimitResolver.resolve(List.of(new Ulimit("bogus", 1, 1)), Map.of()))
                .hasMessage("invalid ulimit type: bogus");
        assertThatThrownBy(() -> RlimitResolver.resolve(List.of(new Ulimit("nofile", 2, 1)), Map.of()))
                .hasMessage("ulimit soft limit must be less than or equal to hard limit: 2 > 1");
    }

    @Test
    void cpus_becomeQuotaOverPeriod() {
        var cpu = ResourcesTranslator.cpu(CreateOptions.builder().nanoCpus(500_000_000L).build(), 2);
        assertThat(cpu).isEqualTo(new RuntimeSpec.Cpu(null, 50_000L, 100_000L, null));
        assertThatThrownBy(() -> ResourcesTranslator.cpu(CreateOptions.builder().nanoCpus(3_000_000_000L).build(), 2))
                .hasMessage("Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertThatThrownBy(() -> ResourcesTranslator.cpu(CreateOptions.builder().nanoCpus(1_000_000_000L).cpuPeriod(50000).build(), 2))
                .hasMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }

    @Test
    void memorySwapZero_isTwiceMemory() {
        var m = ResourcesTranslator.memory(CreateOptions.builder().memory(32L << 20).build(), 1);
        assertThat(m.swap()).isEqualTo(64L << 20);
        assertThatThrownBy(() -> ResourcesTranslator.memory(CreateOptions.builder().memory(1024).build(), 1))
                .hasMessage("Minimum memory limit allowed is 6MB");
    }

    @Test
    void defaultSeccomp_blocksUnshare_unlessSysAdmin() {
        var profiles = SeccompProfiles.load();
        var plain = profiles.defaultFor(Capability.DOCKER_DEFAULTS);
        assertThat(plain.syscalls()).anySatisfy(s -> assertThat(s.names()).contains("unshare", "mount"));
        assertThat(plain.syscalls()).anySatisfy(s -> {
            assertThat(s.names()).containsExactly("clone3");
            assertThat(s.errnoRet()).isEqualTo(38);
        });
        assertThat(plain.syscalls()).anySatisfy(s -> assertThat(s.names()).contains("keyctl", "kexec_load"));
        var admin = profiles.defaultFor(EnumSet.of(Capability.SYS_ADMIN));
        assertThat(admin.syscalls()).noneSatisfy(s -> assertThat(s.names()).contains("unshare"));
    }

    @Test
    void generate_noCommand_andBadSecurityOpt_areRejected() {
        var gen = new SpecGenerator();
        var host = new ContainerSpecInput.HostFacts(NO_SYS_RESOURCE, Map.of(), 1, "/jocker", "none", "/r", null, null, 1);
        var image = new ContainerSpecInput.ImageDefaults(List.of(), List.of(), List.of(), "");
        assertThatThrownBy(() -> gen.generate(new ContainerSpecInput("id", image, CreateOptions.builder().build(), host,
                ContainerSpecInput.ResolvedUser.root()))).hasMessage("No command specified");
        assertThatThrownBy(() -> gen.generate(new ContainerSpecInput("id", image,
                CreateOptions.builder().cmd("x").securityOpt("bogus").build(), host, ContainerSpecInput.ResolvedUser.root())))
                .hasMessage("invalid --security-opt 1: \"bogus\"");
    }
}
