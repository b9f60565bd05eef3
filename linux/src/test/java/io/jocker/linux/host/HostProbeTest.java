package io.jocker.linux.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostProbeTest {
    @TempDir
    Path root;

    private HostProbe probe() {
        return new HostProbe(root);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void mkdirs(String relative) throws IOException {
        Files.createDirectories(root.resolve(relative));
    }

    /** A Debian 12 host with cgroup v2, overlay, seccomp and forwarding on. */
    private void fullV2Host() throws IOException {
        write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
        write("proc/sys/kernel/arch", "x86_64\n");
        write("proc/sys/kernel/hostname", "build-7\n");
        write("proc/sys/kernel/random/boot_id", "0f1c7d0e-2b7a-4c1e-9a57-5a2b1f0e9d33\n");
        write("etc/os-release", """
                PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
                NAME="Debian GNU/Linux"
                VERSION_ID="12"
                VERSION="12 (bookworm)"
                ID=debian
                """);
        write("proc/meminfo", """
                MemTotal:        8029876 kB
                MemFree:          302112 kB
                MemAvailable:    5123456 kB
                """);
        write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
        write("proc/filesystems", "nodev\tsysfs\nnodev\tproc\n\text4\nnodev\toverlay\n");
        write("proc/self/status", "Name:\tjava\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        write("proc/sys/net/ipv4/ip_forward", "1\n");
    }

    @Test
    void probe_fullCgroupV2Host_readsEveryField() throws IOException {
        fullV2Host();

        HostFacts facts = probe().probe(6);

        assertThat(facts.kernelVersion()).isEqualTo("6.1.0-18-amd64");
        assertThat(facts.operatingSystem()).isEqualTo("Debian GNU/Linux 12 (bookworm)");
        assertThat(facts.osVersion()).isEqualTo("12");
        assertThat(facts.architecture()).isEqualTo("x86_64");
        assertThat(facts.goArch()).isEqualTo("amd64");
        assertThat(facts.cpus()).isEqualTo(6);
        assertThat(facts.memTotalBytes()).isEqualTo(8029876L * 1024);
        assertThat(facts.hostname()).isEqualTo("build-7");
        assertThat(facts.bootId()).isEqualTo("0f1c7d0e-2b7a-4c1e-9a57-5a2b1f0e9d33");
        assertThat(facts.cgroup()).isEqualTo(new HostFacts.CgroupLayout(2, false));
        assertThat(facts.cgroupFeatures())
                .isEqualTo(new HostFacts.CgroupFeatures(true, true, true, true, true, true, false));
        assertThat(facts.overlaySupported()).isTrue();
        assertThat(facts.seccompSupported()).isTrue();
        assertThat(facts.ipv4Forwarding()).isTrue();
    }

    @Test
    void probe_emptyRoot_fallsBackToDefaults() {
        HostFacts facts = probe().probe(1);

        assertThat(facts.kernelVersion()).isEqualTo("unknown");
        assertThat(facts.operatingSystem()).isEqualTo("Linux");
        assertThat(facts.osVersion()).isEmpty();
        assertThat(facts.cpus()).isEqualTo(1);
        assertThat(facts.memTotalBytes()).isZero();
        assertThat(facts.hostname()).isEqualTo("localhost");
        assertThat(facts.bootId()).isEmpty();
        assertThat(facts.cgroup()).isEqualTo(new HostFacts.CgroupLayout(1, false));
        assertThat(facts.cgroupFeatures())
                .isEqualTo(new HostFacts.CgroupFeatures(false, false, false, false, false, false, false));
        assertThat(facts.overlaySupported()).isFalse();
        assertThat(facts.seccompSupported()).isFalse();
        assertThat(facts.ipv4Forwarding()).isFalse();
    }

    @Test
    void probe_noArchFile_usesTheJvmsArchitectureInKernelWords() {
        HostFacts facts = probe().probe(1);

        String jvmArch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        assertThat(facts.architecture()).isEqualTo(jvmArch.equals("amd64") ? "x86_64" : jvmArch);
        assertThat(facts.goArch()).isEqualTo(HostProbe.goArch(facts.architecture()));
    }

    @Test
    void probe_aarch64Host_reportsArm64GoArch() throws IOException {
        write("proc/sys/kernel/arch", "aarch64\n");

        HostFacts facts = probe().probe(1);

        assertThat(facts.architecture()).isEqualTo("aarch64");
        assertThat(facts.goArch()).isEqualTo("arm64");
    }

    @Test
    void probe_valuesWithSurroundingWhitespace_areTrimmed() throws IOException {
        write("proc/sys/kernel/osrelease", "  5.10.0  \n");
        write("proc/sys/kernel/hostname", "\thost-a \n");

        HostFacts facts = probe().probe(1);

        assertThat(facts.kernelVersion()).isEqualTo("5.10.0");
        assertThat(facts.hostname()).isEqualTo("host-a");
    }

    @Nested
    class OsRelease {
        @Test
        void probe_unquotedAndSingleQuotedValues_areRead() throws IOException {
            write("etc/os-release", "PRETTY_NAME='Alpine Linux v3.19'\nVERSION_ID=3.19.1\n");

            HostFacts facts = probe().probe(1);

            assertThat(facts.operatingSystem()).isEqualTo("Alpine Linux v3.19");
            assertThat(facts.osVersion()).isEqualTo("3.19.1");
        }

        @Test
        void probe_commentsBlankLinesAndOtherKeys_areIgnored() throws IOException {
            write("etc/os-release", "# written by the distro\n\nNAME=\"Fedora Linux\"\nPRETTY_NAME=\"Fedora Linux 40\"\n"
                    + "VERSION_ID=40\nVARIANT_ID=container\n");

            HostFacts facts = probe().probe(1);

            assertThat(facts.operatingSystem()).isEqualTo("Fedora Linux 40");
            assertThat(facts.osVersion()).isEqualTo("40");
        }

        @Test
        void probe_valueContainingEquals_keepsEverythingAfterTheFirstEquals() throws IOException {
            write("etc/os-release", "PRETTY_NAME=\"a=b\"\n");

            assertThat(probe().probe(1).operatingSystem()).isEqualTo("a=b");
        }

        @Test
        void probe_mismatchedQuotes_keepsValueAsWritten() throws IOException {
            write("etc/os-release", "PRETTY_NAME=\"half quoted\n");

            assertThat(probe().probe(1).operatingSystem()).isEqualTo("\"half quoted");
        }

        @Test
        void probe_noEtcOsRelease_fallsBackToUsrLib() throws IOException {
            write("usr/lib/os-release", "PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nVERSION_ID=\"24.04\"\n");

            HostFacts facts = probe().probe(1);

            assertThat(facts.operatingSystem()).isEqualTo("Ubuntu 24.04 LTS");
            assertThat(facts.osVersion()).isEqualTo("24.04");
        }

        @Test
        void probe_bothOsReleaseFiles_prefersEtc() throws IOException {
            write("etc/os-release", "PRETTY_NAME=etc\n");
            write("usr/lib/os-release", "PRETTY_NAME=usr\n");

            assertThat(probe().probe(1).operatingSystem()).isEqualTo("etc");
        }

        @Test
        void probe_noPrettyName_reportsLinux() throws IOException {
            write("etc/os-release", "NAME=Something\nVERSION_ID=1\n");

            HostFacts facts = probe().probe(1);

            assertThat(facts.operatingSystem()).isEqualTo("Linux");
            assertThat(facts.osVersion()).isEqualTo("1");
        }
    }

    @Nested
    class Memory {
        @Test
        void probe_memTotalNotFirst_isStillFound() throws IOException {
            write("proc/meminfo", "MemFree: 10 kB\nMemTotal:   2048 kB\n");

            assertThat(probe().probe(1).memTotalBytes()).isEqualTo(2048L * 1024);
        }

        @Test
        void probe_memTotalBeyondIntRange_doesNotOverflow() throws IOException {
            write("proc/meminfo", "MemTotal:       1056561152 kB\n");

            assertThat(probe().probe(1).memTotalBytes()).isEqualTo(1056561152L * 1024);
        }

        @Test
        void probe_noMemTotalLine_reportsZero() throws IOException {
            write("proc/meminfo", "MemFree: 10 kB\n");

            assertThat(probe().probe(1).memTotalBytes()).isZero();
        }
    }

    @Nested
    class Cgroups {
        @Test
        void cgroupLayout_cgroup2Root_isVersion2() throws IOException {
            write("sys/fs/cgroup/cgroup.controllers", "cpu memory\n");

            assertThat(probe().cgroupLayout()).isEqualTo(new HostFacts.CgroupLayout(2, false));
        }

        @Test
        void cgroupLayout_cgroup2RootWithNoControllers_isStillVersion2() throws IOException {
            write("sys/fs/cgroup/cgroup.controllers", "");

            assertThat(probe().cgroupLayout()).isEqualTo(new HostFacts.CgroupLayout(2, false));
        }

        @Test
        void cgroupLayout_v1WithControllersInUnified_isHybrid() throws IOException {
            v1Hierarchies();
            write("sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");

            assertThat(probe().cgroupLayout()).isEqualTo(new HostFacts.CgroupLayout(1, true));
        }

        @Test
        void cgroupLayout_v1WithEmptyUnified_isNotHybrid() throws IOException {
            // systemd's usual hybrid mount has no controllers in unified; crun runs there.
            v1Hierarchies();
            write("sys/fs/cgroup/unified/cgroup.controllers", "\n");

            assertThat(probe().cgroupLayout()).isEqualTo(new HostFacts.CgroupLayout(1, false));
        }

        @Test
        void cgroupLayout_v1WithoutUnified_isNotHybrid() throws IOException {
            v1Hierarchies();

            assertThat(probe().cgroupLayout()).isEqualTo(new HostFacts.CgroupLayout(1, false));
        }

        @Test
        void probe_v1HybridHost_reportsLayoutAndV1Features() throws IOException {
            v1Hierarchies();
            write("sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");

            HostFacts facts = probe().probe(2);

            assertThat(facts.cgroup()).isEqualTo(new HostFacts.CgroupLayout(1, true));
            assertThat(facts.cgroupFeatures())
                    .isEqualTo(new HostFacts.CgroupFeatures(true, true, true, true, true, true, true));
        }

        @Test
        void cgroupFeatures_v1EveryController_allTrue() throws IOException {
            v1Hierarchies();

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(1, false));

            assertThat(features).isEqualTo(new HostFacts.CgroupFeatures(true, true, true, true, true, true, true));
        }

        @Test
        void cgroupFeatures_v1WithoutSwapAccounting_reportsNoSwap() throws IOException {
            v1Hierarchies();
            Files.delete(root.resolve("sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"));

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(1, false));

            assertThat(features.memory()).isTrue();
            assertThat(features.swap()).isFalse();
        }

        @Test
        void cgroupFeatures_v1OnlyMemoryLimit_reportsOnlyMemory() throws IOException {
            write("sys/fs/cgroup/memory/memory.limit_in_bytes", "");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(1, false));

            assertThat(features).isEqualTo(new HostFacts.CgroupFeatures(true, false, false, false, false, false, false));
        }

        @Test
        void cgroupFeatures_v1CpuWithoutCfs_reportsSharesOnly() throws IOException {
            write("sys/fs/cgroup/cpu/cpu.shares", "1024\n");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(1, false));

            assertThat(features.cpuShares()).isTrue();
            assertThat(features.cpuCfsQuota()).isFalse();
        }

        @Test
        void cgroupFeatures_v1PidsHierarchyWithoutRootPidsMax_reportsPids() throws IOException {
            // The root of a v1 pids hierarchy has no pids.max; only children do.
            mkdirs("sys/fs/cgroup/pids");

            assertThat(probe().cgroupFeatures(new HostFacts.CgroupLayout(1, false)).pids()).isTrue();
        }

        @Test
        void cgroupFeatures_v2AllControllers_enablesAllButOomKillDisable() throws IOException {
            write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(2, false));

            assertThat(features).isEqualTo(new HostFacts.CgroupFeatures(true, true, true, true, true, true, false));
        }

        @Test
        void cgroupFeatures_v2WithoutMemoryAndCpu_reportsThemMissing() throws IOException {
            write("sys/fs/cgroup/cgroup.controllers", "cpuset io pids\n");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(2, false));

            assertThat(features).isEqualTo(new HostFacts.CgroupFeatures(false, false, false, false, true, true, false));
        }

        @Test
        void cgroupFeatures_v2ControllerNamesArePrefixesOfOthers_matchesWholeNamesOnly() throws IOException {
            // "cpuset" must not turn on "cpu".
            write("sys/fs/cgroup/cgroup.controllers", "cpuset\n");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(2, false));

            assertThat(features.cpuset()).isTrue();
            assertThat(features.cpuCfsQuota()).isFalse();
            assertThat(features.cpuShares()).isFalse();
        }

        @Test
        void cgroupFeatures_v2EmptyControllers_allFalse() throws IOException {
            write("sys/fs/cgroup/cgroup.controllers", "");

            HostFacts.CgroupFeatures features = probe().cgroupFeatures(new HostFacts.CgroupLayout(2, false));

            assertThat(features).isEqualTo(new HostFacts.CgroupFeatures(false, false, false, false, false, false, false));
        }

        /** The files a v1 host with every controller mounted shows at the hierarchy roots. */
        private void v1Hierarchies() throws IOException {
            write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
            write("sys/fs/cgroup/memory/memory.memsw.limit_in_bytes", "9223372036854771712\n");
            write("sys/fs/cgroup/memory/memory.oom_control", "oom_kill_disable 0\n");
            write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1\n");
            write("sys/fs/cgroup/cpu/cpu.shares", "1024\n");
            write("sys/fs/cgroup/cpuset/cpuset.cpus", "0-1\n");
            mkdirs("sys/fs/cgroup/pids");
        }
    }

    @Nested
    class KernelFeatures {
        @ParameterizedTest
        @CsvSource({"1,true", "0,false", "'',false", "2,false"})
        void probe_ipForward_isOnOnlyForOne(String value, boolean expected) throws IOException {
            write("proc/sys/net/ipv4/ip_forward", value + "\n");

            assertThat(probe().probe(1).ipv4Forwarding()).isEqualTo(expected);
        }

        @Test
        void probe_filesystemsWithoutOverlay_reportsNoOverlay() throws IOException {
            write("proc/filesystems", "nodev\tsysfs\n\text4\nnodev\tfuse.overlayfs\n");

            assertThat(probe().probe(1).overlaySupported()).isFalse();
        }

        @Test
        void probe_statusWithoutSeccompLine_reportsNoSeccomp() throws IOException {
            write("proc/self/status", "Name:\tjava\nState:\tR (running)\n");

            assertThat(probe().probe(1).seccompSupported()).isFalse();
        }

        @Test
        void probe_unreadableFile_throwsUncheckedIOExceptionNamingIt() throws IOException {
            // A directory where a file should be is an I/O error other than "missing".
            mkdirs("proc/sys/kernel/osrelease");

            assertThatThrownBy(() -> probe().probe(1)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("proc/sys/kernel/osrelease");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "x86_64,amd64", "amd64,amd64",
        "aarch64,arm64", "arm64,arm64",
        "armv7l,arm", "armv6l,arm", "arm,arm",
        "i386,386", "i686,386", "x86,386",
        "ppc64le,ppc64le", "s390x,s390x", "riscv64,riscv64",
        "mips64,mips64", "loongarch64,loongarch64"})
    void goArch_kernelMachineName_mapsToGoVocabulary(String machine, String expected) {
        assertThat(HostProbe.goArch(machine)).isEqualTo(expected);
    }

    @Nested
    class BackingFilesystem {
        private static final String ROOT_EXT4 =
                "22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro";

        private void mountinfo(String... lines) throws IOException {
            write("proc/self/mountinfo", String.join("\n", lines) + "\n");
        }

        @Test
        void backingFilesystem_onlyRootMount_usesRootAndCallsExt4Extfs() throws IOException {
            mountinfo(ROOT_EXT4);

            assertThat(probe().backingFilesystem(Path.of("/var/lib/jocker"))).isEqualTo("extfs");
        }

        @ParameterizedTest
        @CsvSource({"ext2,extfs", "ext3,extfs", "ext4,extfs", "overlay,overlayfs", "xfs,xfs", "btrfs,btrfs",
            "tmpfs,tmpfs", "zfs,zfs"})
        void backingFilesystem_type_isNamedAsDockerdNamesIt(String type, String expected) throws IOException {
            mountinfo("30 1 0:40 / /data rw - " + type + " src rw");

            assertThat(probe().backingFilesystem(Path.of("/data/jocker"))).isEqualTo(expected);
        }

        @Test
        void backingFilesystem_nestedMounts_longestMountPointWinsWhateverTheOrder() throws IOException {
            mountinfo(
                    "40 30 0:41 / /var/lib/jocker rw,relatime shared:5 - xfs /dev/vdc rw",
                    ROOT_EXT4,
                    "30 22 0:40 / /var rw,relatime shared:2 - btrfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/var/lib/jocker/overlay2"))).isEqualTo("xfs");
            assertThat(probe().backingFilesystem(Path.of("/var/lib/other"))).isEqualTo("btrfs");
            assertThat(probe().backingFilesystem(Path.of("/home"))).isEqualTo("extfs");
        }

        @Test
        void backingFilesystem_pathIsTheMountPoint_usesThatMount() throws IOException {
            mountinfo(ROOT_EXT4, "30 22 0:40 / /data rw - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/data"))).isEqualTo("xfs");
        }

        @Test
        void backingFilesystem_mountPointIsOnlyAStringPrefix_doesNotCover() throws IOException {
            mountinfo(ROOT_EXT4, "30 22 0:40 / /var/lib rw - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/var/library"))).isEqualTo("extfs");
        }

        @Test
        void backingFilesystem_sameMountPointTwice_laterMountWins() throws IOException {
            // The later line is mounted over the earlier one and hides it.
            mountinfo(ROOT_EXT4, "30 22 0:40 / /data rw - ext4 /dev/vdb rw",
                    "31 30 0:41 / /data rw - tmpfs tmpfs rw");

            assertThat(probe().backingFilesystem(Path.of("/data/x"))).isEqualTo("tmpfs");
        }

        @Test
        void backingFilesystem_mountPointWithEscapedSpace_isUnescaped() throws IOException {
            mountinfo(ROOT_EXT4, "30 22 0:40 / /mnt/my\\040disk rw,relatime - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/mnt/my disk/jocker"))).isEqualTo("xfs");
            assertThat(probe().backingFilesystem(Path.of("/mnt/my"))).isEqualTo("extfs");
        }

        @Test
        void backingFilesystem_optionalFieldsBeforeSeparator_findsTypeAfterDash() throws IOException {
            mountinfo(ROOT_EXT4,
                    "30 22 0:40 / /data rw,nosuid shared:7 master:3 propagate_from:2 unbindable - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/data/x"))).isEqualTo("xfs");
        }

        @Test
        void backingFilesystem_unnormalisedPath_isNormalisedFirst() throws IOException {
            mountinfo(ROOT_EXT4, "30 22 0:40 / /data rw - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/data/a/../b/./c"))).isEqualTo("xfs");
            assertThat(probe().backingFilesystem(Path.of("/data/../elsewhere"))).isEqualTo("extfs");
        }

        @Test
        void backingFilesystem_malformedLines_areSkipped() throws IOException {
            mountinfo("", "garbage", "1 2 3 4", "30 22 0:40 / /data rw no-dash-here xfs", "30 22 0:40 / /data rw -",
                    ROOT_EXT4);

            assertThat(probe().backingFilesystem(Path.of("/data/x"))).isEqualTo("extfs");
        }

        @Test
        void backingFilesystem_noMountinfo_isUnknown() {
            assertThat(probe().backingFilesystem(Path.of("/var/lib/jocker"))).isEqualTo("unknown");
        }

        @Test
        void backingFilesystem_noCoveringMount_isUnknown() throws IOException {
            mountinfo("30 22 0:40 / /data rw - xfs /dev/vdb rw");

            assertThat(probe().backingFilesystem(Path.of("/srv"))).isEqualTo("unknown");
        }

        @Test
        void backingFilesystem_mountPointWithEscapedTabOrBackslash_isUnescaped() throws IOException {
            mountinfo(ROOT_EXT4, "30 22 0:40 / /mnt/a\\011b rw - xfs /dev/vdb rw",
                    "31 22 0:41 / /mnt/c\\134d rw - btrfs /dev/vdc rw");

            assertThat(probe().backingFilesystem(Path.of("/mnt/a\tb/x"))).isEqualTo("xfs");
            assertThat(probe().backingFilesystem(Path.of("/mnt/c\\d/x"))).isEqualTo("btrfs");
        }
    }
}
