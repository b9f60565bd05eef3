package io.jocker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import io.jocker.runtime.spec.ContainerSpecInput.HostFacts;
import io.jocker.runtime.spec.ContainerSpecInput.ImageDefaults;
import io.jocker.runtime.spec.ContainerSpecInput.ResolvedUser;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs against hand-written config.json files in src/test/resources. */
class SpecGeneratorGoldenTest {
    static final String ID = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SpecGenerator generator = new SpecGenerator();

    @Test
    void generate_defaultsOnCgroupV1_matchesGolden() throws Exception {
        var input = new ContainerSpecInput(ID,
                new ImageDefaults(List.of("PATH=/usr/bin:/bin", "LANG=C"), List.of("sh"), List.of(), ""),
                CreateOptions.builder().cmd("sh", "-c", "echo hi").env("FOO=bar")
                        .securityOpt("seccomp=unconfined").build(),
                new HostFacts(EnumSet.allOf(Capability.class), Map.of("nofile", 20000L), 1, "/jocker",
                        "/run/netns/jocker-abcdef012345", "/var/lib/jocker/containers/" + ID + "/rootfs",
                        null, "host1", 2),
                ResolvedUser.root());
        assertGolden(input, "default-v1.json");
    }

    @Test
    void generate_privilegedHostNetworkOnCgroupV2_matchesGolden() throws Exception {
        var bounding = EnumSet.of(Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.DAC_READ_SEARCH,
                Capability.SYS_ADMIN);
        var input = new ContainerSpecInput(ID,
                new ImageDefaults(List.of(), List.of("serve"), List.of("/entry.sh"), "/srv"),
                CreateOptions.builder().cmd("run").privileged(true).tty(true).init(true)
                        .tmpfs("/tmp", "exec,mode=1777").tmpfs("/run", "size=64m")
                        .shmSize(128L * 1024 * 1024).memory(32L << 20).memoryReservation(16L << 20)
                        .pidsLimit(64).oomScoreAdj(500).ulimit("nofile", 1048576, 1048576)
                        .ulimit("nproc", 256, 512).sysctl("net.ipv4.ip_forward", "1")
                        .sysctl("kernel.shm_rmid_forced", "1").securityOpt("seccomp=unconfined").build(),
                new HostFacts(bounding, Map.of("nofile", 20000L), 2, "custom/parent/", "host", "/rootfs",
                        "/usr/libexec/jocker/tini-static", "buildhost", 2),
                new ResolvedUser(1000, 1000, List.of(10L, 27L), "/home/app"));
        assertGolden(input, "privileged-v2.json");
    }

    @Test
    void generate_hardenedWithCustomSeccomp_matchesGolden() throws Exception {
        String profile = """
                {"defaultAction":"SCMP_ACT_ERRNO",
                 "archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86","SCMP_ARCH_X32"]}],
                 "syscalls":[
                  {"names":["read","write","exit_group"],"action":"SCMP_ACT_ALLOW"},
                  {"names":["socket"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":1,"op":"SCMP_CMP_EQ"}]},
                  {"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}}]}
                """;
        var input = new ContainerSpecInput(ID,
                new ImageDefaults(List.of("NGINX_VERSION=1.25", "HOME=/root"), List.of("nginx", "-g", "daemon off;"),
                        List.of(), "/usr/share/nginx/"),
                CreateOptions.builder().hostname("web").readonlyRootfs(true).env("HOME=/data")
                        .capDrop("ALL").capAdd("chown", "CAP_SETUID", "setgid", "net_bind_service", "Net_Admin")
                        .securityOpt("no-new-privileges", "seccomp=" + profile)
                        .memory(64L << 20).memorySwap(-1).cpuShares(512).nanoCpus(1_500_000_000L)
                        .cpusetCpus("0-1").blkioWeight(300).oomScoreAdj(-100).build(),
                new HostFacts(EnumSet.allOf(Capability.class), Map.of(), 2, "", "none", "/rootfs", null, null, 2),
                ResolvedUser.root());
        assertGolden(input, "hardened-v2.json");
    }

    private void assertGolden(ContainerSpecInput input, String golden) throws Exception {
        JsonNode actual = JSON.readTree(RuntimeSpecJson.write(generator.generate(input)));
        JsonNode expected;
        try (InputStream in = getClass().getResourceAsStream(golden)) {
            expected = JSON.readTree(in);
        }
        assertThat(actual).as("%s vs %s", golden, actual.toPrettyString()).isEqualTo(expected);
    }
}
