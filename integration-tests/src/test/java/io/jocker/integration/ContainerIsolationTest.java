package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a container may see and do, through the real docker CLI: namespaces, capabilities, seccomp,
 * users, read-only roots, tmpfs, sysctls, ulimits, --init, and the cgroup limits with the OOM kill
 * and a fork bomb under --pids-limit. One daemon serves every test (each run is a new container).
 */
@Tag("root")
class ContainerIsolationTest {
    private static final String IMAGE = BusyboxDaemon.IMAGE;
    @RegisterExtension
    static final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result docker(String... args) {
        return fixture.daemon().docker(args);
    }

    /** {@code docker run --rm [flags] IMAGE sh -c script}, expecting exit 0; its stdout. */
    private String run(String script, String... flags) {
        String[] args = new String[flags.length + 6];
        args[0] = "run";
        args[1] = "--rm";
        System.arraycopy(flags, 0, args, 2, flags.length);
        args[flags.length + 2] = IMAGE;
        args[flags.length + 3] = "sh";
        args[flags.length + 4] = "-c";
        args[flags.length + 5] = script;
        Processes.Result r = docker(args);
        assertThat(r.exit()).as("exit of %s, stderr %s", script, r.err()).isZero();
        return r.out();
    }

    private static String status(String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(key + ":"))
                .map(l -> l.substring(key.length() + 1).strip()).findFirst().orElseThrow();
    }

    @Test
    void namespaces_pidOneHostnameAndOwnMounts() {
        assertThat(run("echo $$; hostname; cat /etc/hostname 2>/dev/null; grep -c . /proc/mounts >/dev/null && echo ok"))
                .startsWith("1\n").endsWith("ok\n");
        assertThat(run("hostname", "-h", "web")).isEqualTo("web\n");
        String id = docker("run", "-d", IMAGE, "hostname").out().strip();
        docker("wait", id);
        assertThat(docker("logs", id).out()).isEqualTo(id.substring(0, 12) + "\n");
        docker("rm", id);
        // the host's mounts are not the container's: its root is the overlay
        assertThat(run("grep ' / ' /proc/mounts | cut -d' ' -f3")).isEqualTo("overlay\n");
    }

    @Test
    void capabilities_dockersDefaults_addDropAndPrivileged() throws IOException {
        assertThat(run("grep CapEff /proc/self/status")).isEqualTo("CapEff:\t00000000a80425fb\n");
        assertThat(run("grep CapEff /proc/self/status", "--cap-drop", "ALL", "--cap-add", "net_admin"))
                .isEqualTo("CapEff:\t0000000000001000\n");
        assertThat(run("grep CapEff /proc/self/status", "--cap-drop", "CAP_CHOWN"))
                .isEqualTo("CapEff:\t00000000a80425fa\n");
        assertThat(run("grep CapEff /proc/self/status", "--privileged"))
                .as("every capability the daemon holds").isEqualTo("CapEff:\t" + status("CapBnd") + "\n");
        String before = docker("ps", "-a").out();
        Processes.Result unknown = docker("run", "--rm", "--cap-add", "NOPE", IMAGE, "true");
        assertThat(unknown.exit()).isEqualTo(125);
        assertThat(unknown.err()).contains("invalid CapAdd: unknown capability: \"CAP_NOPE\"");
        assertThat(docker("ps", "-a").out()).as("a refused create leaves no container").isEqualTo(before);
    }

    @Test
    void seccomp_blocksUnshare_unlessUnconfined_andNoNewPrivileges() throws IOException {
        Processes.Result blocked = docker("run", "--rm", IMAGE, "unshare", "-U", "true");
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.err()).contains("Operation not permitted");
        run("unshare -U true", "--security-opt", "seccomp=unconfined");
        assertThat(run("grep NoNewPrivs /proc/self/status", "--security-opt", "no-new-privileges"))
                .isEqualTo("NoNewPrivs:\t1\n");
        Path profile = fixture.dir().resolve("no-mkdir.json");
        Files.writeString(profile, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\","
                + " \"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\"}]}");
        Processes.Result own = docker("run", "--rm", "--security-opt", "seccomp=" + profile, IMAGE, "mkdir", "/x");
        assertThat(own.exit()).as("the profile from the file is the one applied").isEqualTo(1);
        assertThat(own.err()).contains("Operation not permitted");
    }

    @Test
    void users_readOnlyRoot_tmpfs_sysctl_ulimit_init() {
        assertThat(run("id -u; id -g; echo $HOME", "-u", "1000:1000")).isEqualTo("1000\n1000\n/\n");
        Processes.Result readOnly = docker("run", "--rm", "--read-only", IMAGE, "touch", "/x");
        assertThat(readOnly.exit()).isEqualTo(1);
        assertThat(readOnly.err()).contains("Read-only file system");
        assertThat(run("touch /scratch/x && grep /scratch /proc/mounts | cut -d' ' -f3,4", "--read-only",
                "--tmpfs", "/scratch:size=1m")).startsWith("tmpfs rw,").contains("size=1024k");
        assertThat(run("grep /dev/shm /proc/mounts | cut -d' ' -f4", "--shm-size", "8m")).contains("size=8192k");
        assertThat(run("cat /proc/sys/net/ipv4/ip_forward", "--sysctl", "net.ipv4.ip_forward=1")).isEqualTo("1\n");
        assertThat(run("ulimit -n; ulimit -Hn", "--ulimit", "nofile=100:200")).isEqualTo("100\n200\n");
        if (Files.isExecutable(Path.of("/usr/bin/tini-static"))) {
            assertThat(run("cat /proc/1/cmdline | tr '\\0' ' '", "--init")).startsWith("/sbin/docker-init -- sh");
        }
        assertThat(run("echo ok", "--runtime", "runc")).isEqualTo("ok\n");
        Processes.Result unknownRuntime = docker("run", "--rm", "--runtime", "nosuch", IMAGE, "true");
        assertThat(unknownRuntime.exit()).isEqualTo(125);
        assertThat(unknownRuntime.err()).contains("unknown or invalid runtime name: nosuch");
        Processes.Result unknownUser = docker("run", "--rm", "-u", "nosuch", IMAGE, "true");
        assertThat(unknownUser.exit()).isEqualTo(125);
        assertThat(unknownUser.err()).contains("unable to find user nosuch: no matching entries in passwd file");
        assertThat(Files.exists(fixture.dir().resolve("exec"))).isTrue();
    }

    @Test
    void psSize_countsWhatTheContainerWrote_andItsImage() throws Exception {
        String id = docker("run", "-d", IMAGE, "sh", "-c", "head -c 100000 /dev/zero > /big; echo written; sleep 60")
                .out().strip();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!docker("logs", id).out().contains("written") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(docker("ps", "-s", "--filter", "id=" + id, "--format", "{{.Size}}").out())
                .matches("100kB \\(virtual [0-9.]+MB\\)\n");
        assertThat(docker("inspect", "--size", "-f", "{{.SizeRw}}", id).out()).isEqualTo("100000\n");
        assertThat(docker("inspect", "-f", "{{.SizeRw}}", id).out()).as("only when asked").isEqualTo("<nil>\n");
        assertThat(docker("inspect", "-f", "{{.GraphDriver.Name}} {{.GraphDriver.Data.MergedDir}}", id).out())
                .startsWith("overlay2 " + fixture.dir().resolve("exec/containers").resolve(id).resolve("rootfs"));
        assertThat(docker("rm", "-f", id).exit()).isZero();
    }

    @Test
    void memoryLimit_oomKillExits137_withOomKilledAndAnOomEvent() {
        Processes.Result hog = docker("run", "--name", "hog", "--memory", "32m", IMAGE, "tail", "/dev/zero");
        assertThat(hog.exit()).isEqualTo(137);
        assertThat(docker("inspect", "-f", "{{.State.OOMKilled}} {{.State.ExitCode}} {{.HostConfig.Memory}}", "hog")
                .out()).isEqualTo("true 137 33554432\n");
        String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1); // whole seconds
        assertThat(docker("events", "--since", "2m", "--until", until, "--filter", "event=oom", "--format",
                "{{.Actor.Attributes.name}}").out()).isEqualTo("hog\n");
        docker("rm", "hog");
    }

    @Test
    void pidsLimit_stopsAForkBomb_andCpuSettingsReachTheCgroup() throws Exception {
        String id = docker("run", "-d", "--pids-limit", "64", IMAGE, "sh", "-c",
                "(i=0; while [ $i -lt 200 ]; do sleep 60 & i=$((i+1)); done) 2>/dev/null; echo forked; exec sleep 60")
                .out()
                .strip();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!docker("logs", id).out().contains("forked") && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        Path pids = Files.isDirectory(Path.of("/sys/fs/cgroup/pids"))
                ? Path.of("/sys/fs/cgroup/pids/jocker-test", id) : Path.of("/sys/fs/cgroup/jocker-test", id);
        assertThat(Files.readString(pids.resolve("pids.max")).strip()).isEqualTo("64");
        assertThat(Long.parseLong(Files.readString(pids.resolve("pids.current")).strip()))
                .as("processes the fork bomb got").isBetween(60L, 64L);
        assertThat(docker("rm", "-f", id).exit()).isZero();
        String cgroup = Files.isDirectory(Path.of("/sys/fs/cgroup/cpu"))
                ? "cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.shares"
                : "cat /sys/fs/cgroup/cpu.max /sys/fs/cgroup/cpu.weight";
        String cpu = run(cgroup, "--cpus", "0.5", "--cpu-shares", "512");
        assertThat(cpu).isIn("50000\n512\n", "50000 100000\n20\n");
        if (Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) { // the v1 files; v2 is golden-tested in runtime
            assertThat(run("cd /sys/fs/cgroup; cat memory/memory.limit_in_bytes memory/memory.memsw.limit_in_bytes"
                    + " memory/memory.soft_limit_in_bytes cpuset/cpuset.cpus cpu/cpu.cfs_period_us"
                    + " cpu/cpu.cfs_quota_us; grep oom_kill_disable memory/memory.oom_control;"
                    + " cat /proc/self/oom_score_adj", "-m", "64m", "--memory-swap", "128m", "--memory-reservation",
                    "32m", "--cpuset-cpus", "0", "--cpu-period", "50000", "--cpu-quota", "25000",
                    "--oom-kill-disable", "--oom-score-adj", "500"))
                    .isEqualTo("67108864\n134217728\n33554432\n0\n50000\n25000\noom_kill_disable 1\n500\n");
        }
        assertThat(run("pwd; ls -ld /made/here | cut -c1-10", "-w", "/made/here", "-u", "1000"))
                .as("the working directory is made inside the root").isEqualTo("/made/here\ndrwxr-xr-x\n");
    }
}
