package io.jocker.runtime.shim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import io.jocker.runtime.log.K8sFileLog;
import io.jocker.runtime.log.LogMessage;
import io.jocker.runtime.log.LogQuery;
import io.jocker.runtime.log.LogStream;
import io.jocker.runtime.oci.RuncRuntime;
import io.jocker.runtime.spec.Capability;
import io.jocker.runtime.spec.ContainerSpecInput;
import io.jocker.runtime.spec.ContainerSpecInput.CreateOptions;
import io.jocker.runtime.spec.ContainerSpecInput.HostFacts;
import io.jocker.runtime.spec.ContainerSpecInput.ImageDefaults;
import io.jocker.runtime.spec.ContainerSpecInput.ResolvedUser;
import io.jocker.runtime.spec.RuntimeSpecJson;
import io.jocker.runtime.spec.SpecGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conmon + runc end to end: launch, attach, start, exit code, log, delete, no leaks. Needs root. */
@Tag("root")
class ConmonRuncIT {
    private static final Path RUNC = Path.of("/usr/sbin/runc");
    private static final Path CONMON = Path.of("/usr/bin/conmon");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    @TempDir
    Path tmp;

    private final String id = HexFormat.of().formatHex(randomBytes(32));
    private final String cgroupParent = "/jocker-test-" + HexFormat.of().formatHex(randomBytes(4));
    private RuncRuntime runc;
    private ExitWatcher watcher;
    private int conmonPid = -1;

    @AfterEach
    void cleanUp() throws Exception {
        if (watcher != null) {
            watcher.close();
        }
        if (conmonPid > 0) {
            ProcessHandle.of(conmonPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (runc != null) {
            try {
                runc.delete(id, true);
            } catch (EngineException e) {
                // already deleted by the test, the normal case
            }
        }
        for (Path h : hierarchies()) {
            Path parent = h.resolve(cgroupParent.substring(1));
            Files.deleteIfExists(parent.resolve(id));
            Files.deleteIfExists(parent);
        }
    }

    @Test
    void run_echoAndExit3_attachesLogsAndCleansUp() throws Exception {
        Path rootfs = busyboxRootfs(tmp.resolve("rootfs"));
        Path bundle = Files.createDirectories(tmp.resolve("b"));
        Path exits = tmp.resolve("exits");
        Path socks = tmp.resolve("s");
        Path log = bundle.resolve("ctr.log");
        var input = new ContainerSpecInput(id,
                new ImageDefaults(List.of(), List.of(), List.of(), "/"),
                CreateOptions.builder().cmd("sh", "-c", "echo hi; exit 3").build(),
                new HostFacts(EnumSet.allOf(Capability.class), Map.of("nofile", 20000L), 1, cgroupParent,
                        "none", rootfs.toString(), null, null, 2),
                ResolvedUser.root());
        Files.write(bundle.resolve("config.json"), RuntimeSpecJson.write(new SpecGenerator().generate(input)));

        runc = new RuncRuntime(RUNC, tmp, Duration.ofSeconds(10));
        var exited = new LinkedBlockingQueue<String>();
        watcher = ExitWatcher.start(exits, (cid, code) -> exited.add(cid + "=" + code));

        Launched launched = new ConmonLauncher(CONMON, RUNC, Duration.ofSeconds(10))
                .launch(LaunchRequest.detached(id, "test", bundle, log, exits, socks, runc.root()));
        conmonPid = launched.conmonPid();
        assertThat(launched.containerPid()).isPositive();
        assertThat(runc.state(id).status()).isEqualTo("created");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (AttachSocket attach = AttachSocket.connect(socks.resolve(id).resolve("attach"))) {
            runc.start(id);
            AttachFrame f;
            while ((f = attach.receive()) != null) {
                if (f.stream() == AttachFrame.STDOUT) {
                    stdout.writeBytes(f.payload());
                }
            }
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(exited.poll(10, TimeUnit.SECONDS)).isEqualTo(id + "=3");
        assertThat(waitGone(conmonPid, Duration.ofSeconds(10))).as("conmon exited").isTrue();

        List<LogMessage> logs = K8sFileLog.read(log, LogQuery.all());
        assertThat(logs).hasSize(1);
        assertThat(logs.getFirst().stream()).isEqualTo(LogStream.STDOUT);
        assertThat(logs.getFirst().text()).isEqualTo("hi\n");
        assertThat(logs.getFirst().timestampText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");

        assertThat(runc.state(id).status()).isEqualTo("stopped");
        runc.delete(id, false);
        assertThatThrownBy(() -> runc.state(id)).isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(runc.root().resolve(id)).doesNotExist();
        for (Path h : hierarchies()) {
            assertThat(h.resolve(cgroupParent.substring(1)).resolve(id)).doesNotExist();
        }
    }

    private static List<Path> hierarchies() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(CGROUP_ROOT)) {
            s.filter(Files::isDirectory).forEach(out::add);
        }
        return out;
    }

    private static boolean waitGone(int pid, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!Files.exists(Path.of("/proc/" + pid))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static Path busyboxRootfs(Path rootfs) throws IOException {
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"));
        for (String tool : List.of("sh", "echo", "cat")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("busybox"));
        }
        return rootfs;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
