package io.jocker.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.linux.command.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 50 containers run on the default bridge and removed, four at a time, through the real docker
 * CLI; afterwards every resource a container holds is back to its count from before: mounts,
 * cgroup directories in every hierarchy, veths, network namespaces, firewall rules, conmon
 * processes and runtime state directories.
 */
@Tag("soak")
class ContainerChurnSoakTest {
    private static final int CONTAINERS = 50;
    private static final int CONCURRENCY = 4;

    @RegisterExtension
    final BusyboxDaemon.Fixture fixture = new BusyboxDaemon.Fixture();

    private Processes.Result docker(String... args) {
        return fixture.daemon().docker(args);
    }

    @Test
    void fiftyContainersRunAndRemoved_leaveNothingBehind() throws Exception {
        Map<String, Long> before = counts();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<Processes.Result>> runs = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                String name = "churn" + i;
                runs.add(pool.submit(() -> docker("run", "-d", "--name", name, BusyboxDaemon.IMAGE, "sleep", "1000")));
            }
            for (Future<Processes.Result> run : runs) {
                assertThat(run.get().exit()).as(run.get().err()).isZero();
            }
            Map<String, Long> running = counts();
            assertThat(running.get("veths")).isEqualTo(before.get("veths") + CONTAINERS);
            assertThat(running.get("conmon processes")).isEqualTo(before.get("conmon processes") + CONTAINERS);
            List<Future<Processes.Result>> removals = new ArrayList<>();
            for (int i = 0; i < CONTAINERS; i++) {
                String name = "churn" + i;
                removals.add(pool.submit(() -> docker("rm", "-f", name)));
            }
            for (Future<Processes.Result> rm : removals) {
                assertThat(rm.get().exit()).as(rm.get().err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        // veths and addresses are let go in the background after each exit: give them a moment
        long deadline = System.currentTimeMillis() + 15_000;
        while (!counts().equals(before) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(counts()).isEqualTo(before);
    }

    /** What containers hold, counted where the test daemon keeps it. */
    private Map<String, Long> counts() throws IOException {
        Path dir = fixture.dir();
        CommandRunner host = CommandRunner.local().inNetworkNamespace(dir.resolve("host-netns/ns"));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("mounts", Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(dir.toString())).count());
        try (Stream<Path> cgroups = Files.walk(Path.of("/sys/fs/cgroup"), 3)) {
            counts.put("cgroup dirs", cgroups.filter(p -> p.toString().contains("/jocker-test/") && Files.isDirectory(p))
                    .count());
        }
        counts.put("veths", lines(host.run(List.of("ip", "-o", "link", "show", "type", "veth"), null).orThrow()
                .stdout()));
        counts.put("netns", Files.isDirectory(dir.resolve("exec/netns")) ? count(dir.resolve("exec/netns")) : 0);
        counts.put("firewall rules", lines(host.run(List.of("iptables-save"), null).orThrow().stdout())
                + lines(host.run(List.of("iptables-save", "-t", "nat"), null).orThrow().stdout()));
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            counts.put("conmon processes", all.filter(p -> p.info().commandLine().orElse("").contains("conmon")
                    && p.info().commandLine().orElse("").contains(dir.toString())).count());
        }
        counts.put("runtime state dirs", Files.isDirectory(dir.resolve("exec/runc")) ? count(dir.resolve("exec/runc"))
                : 0);
        counts.put("bundles", Files.isDirectory(dir.resolve("exec/containers"))
                ? count(dir.resolve("exec/containers")) : 0);
        return counts;
    }

    private static long lines(String text) {
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }
}
