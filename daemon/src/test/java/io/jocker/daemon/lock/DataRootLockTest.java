package io.jocker.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootLockTest {
    private static final long OUR_PID = ProcessHandle.current().pid();

    /**
     * Another process that takes or probes the same advisory lock, as a second daemon would. The JVM
     * cannot see its own POSIX record locks from inside (it throws OverlappingFileLockException), so
     * only another process can tell whether the kernel still holds ours.
     */
    private static final String OTHER_PROCESS = """
            import java.nio.ByteBuffer;
            import java.nio.channels.FileChannel;
            import java.nio.channels.FileLock;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class OtherProcess {
                public static void main(String[] args) throws Exception {
                    try (FileChannel channel = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                        FileLock lock = channel.tryLock();
                        if (args[0].equals("probe")) {
                            System.out.println(lock == null ? "held" : "free");
                            return;
                        }
                        channel.truncate(0);
                        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\\n").getBytes()), 0);
                        System.out.println(lock == null ? "held" : "locked");
                        System.in.read(); // hold until the test closes our stdin or kills us
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void acquire_freshDataRoot_createsItAndWritesOurPid() throws IOException {
        Path dataRoot = dir.resolve("a/b/data");

        try (DataRootLock _ = DataRootLock.acquire(dataRoot)) {
            assertThat(dataRoot).isDirectory();
            assertThat(dataRoot.resolve(DataRootLock.FILE)).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void acquire_lockFileWithOldContent_replacesItWithOurPid() throws IOException {
        Files.writeString(dir.resolve(DataRootLock.FILE), "999999999999 a long stale holder line\n");

        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThat(dir.resolve(DataRootLock.FILE)).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void acquire_sameDataRootTwiceInOneJvm_isConflictNamingTheDataRootAndHolder() {
        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThatThrownBy(() -> DataRootLock.acquire(dir))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .hasMessage("another jocker daemon (pid " + OUR_PID + ") is using the data root " + dir
                            + "; stop it or choose another --data-root");
        }
    }

    @Test
    void acquire_afterClose_succeedsAgain() {
        DataRootLock.acquire(dir).close();

        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThat(dir.resolve(DataRootLock.FILE)).exists();
        }
    }

    @Test
    void acquire_afterARefusedSecondAcquire_stillRefusesAThird() {
        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThatThrownBy(() -> DataRootLock.acquire(dir)).isInstanceOf(EngineException.class);

            assertThatThrownBy(() -> DataRootLock.acquire(dir)).isInstanceOf(EngineException.class);
        }
    }

    @Test
    void acquire_differentDataRoots_areIndependent() {
        try (DataRootLock _ = DataRootLock.acquire(dir.resolve("one"));
                DataRootLock _ = DataRootLock.acquire(dir.resolve("two"))) {
            assertThat(dir.resolve("one").resolve(DataRootLock.FILE)).exists();
            assertThat(dir.resolve("two").resolve(DataRootLock.FILE)).exists();
        }
    }

    @Test
    void acquire_held_isVisibleToAnotherProcess() throws Exception {
        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThat(probeFromAnotherProcess()).isEqualTo("held");
        }
        assertThat(probeFromAnotherProcess()).isEqualTo("free");
    }

    @Test
    void acquire_heldByAnotherProcess_isConflictNamingItsPid() throws Exception {
        Process other = holdFromAnotherProcess();
        try {
            assertThatThrownBy(() -> DataRootLock.acquire(dir))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .hasMessage("another jocker daemon (pid " + other.pid() + ") is using the data root " + dir
                            + "; stop it or choose another --data-root");
        } finally {
            other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void acquire_holderWasKilled_succeeds() throws Exception {
        Process other = holdFromAnotherProcess();
        other.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThat(dir.resolve(DataRootLock.FILE)).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void acquire_refusedSecondAcquireInOneJvm_keepsTheFirstLockHeld() throws Exception {
        try (DataRootLock _ = DataRootLock.acquire(dir)) {
            assertThatThrownBy(() -> DataRootLock.acquire(dir)).isInstanceOf(EngineException.class);

            assertThat(probeFromAnotherProcess()).isEqualTo("held");
        }
    }

    private String probeFromAnotherProcess() throws Exception {
        Process process = startOtherProcess("probe");
        try (BufferedReader out = reader(process)) {
            String line = out.readLine();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return line;
        }
    }

    private Process holdFromAnotherProcess() throws Exception {
        Process process = startOtherProcess("hold");
        String line = reader(process).readLine();
        assertThat(line).isEqualTo("locked");
        return process;
    }

    private Process startOtherProcess(String mode) throws IOException {
        Path source = dir.resolve("OtherProcess.java");
        if (!Files.exists(source)) {
            Files.writeString(source, OTHER_PROCESS);
        }
        String java = ProcessHandle.current().info().command().orElseThrow();
        return new ProcessBuilder(java, source.toString(), mode, dir.resolve(DataRootLock.FILE).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }
}
