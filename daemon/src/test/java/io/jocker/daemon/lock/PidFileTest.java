package io.jocker.daemon.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jocker.common.error.EngineException;
import io.jocker.common.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    private static final long OUR_PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void write_noFile_createsParentsAndWritesOurPid() {
        Path path = dir.resolve("run/sub/jocker.pid");

        try (PidFile _ = PidFile.write(path)) {
            assertThat(path).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void close_fileStillOurs_removesIt() {
        Path path = dir.resolve("jocker.pid");

        PidFile.write(path).close();

        assertThat(path).doesNotExist();
    }

    @Test
    void close_fileNowHoldsAnotherPid_leavesItAlone() throws IOException {
        Path path = dir.resolve("jocker.pid");
        PidFile pidFile = PidFile.write(path);
        Files.writeString(path, "4242\n"); // a newer daemon took over the file

        pidFile.close();

        assertThat(path).hasContent("4242\n");
    }

    @Test
    void close_fileAlreadyGone_doesNothing() throws IOException {
        Path path = dir.resolve("jocker.pid");
        PidFile pidFile = PidFile.write(path);
        Files.delete(path);

        pidFile.close();

        assertThat(path).doesNotExist();
    }

    @Test
    void write_staleFileWithDeadPid_replacesIt() throws Exception {
        Path path = dir.resolve("jocker.pid");
        Files.writeString(path, deadPid() + "\n");

        try (PidFile _ = PidFile.write(path)) {
            assertThat(path).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void write_fileWithOurOwnPid_rewritesIt() throws IOException {
        Path path = dir.resolve("jocker.pid");
        Files.writeString(path, OUR_PID + "\n");

        try (PidFile _ = PidFile.write(path)) {
            assertThat(path).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void write_fileWithGarbage_replacesIt() throws IOException {
        Path path = dir.resolve("jocker.pid");
        Files.writeString(path, "not a pid\n");

        try (PidFile _ = PidFile.write(path)) {
            assertThat(path).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void write_emptyFile_replacesIt() throws IOException {
        Path path = dir.resolve("jocker.pid");
        Files.writeString(path, "");

        try (PidFile _ = PidFile.write(path)) {
            assertThat(path).hasContent(OUR_PID + "\n");
        }
    }

    @Test
    void write_fileNamesALiveProcessThatIsNotJocker_replacesIt() throws Exception {
        // PIDs are reused: a live process that is not a jocker daemon does not own the file.
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Path path = dir.resolve("jocker.pid");
            Files.writeString(path, other.pid() + "\n");

            try (PidFile _ = PidFile.write(path)) {
                assertThat(path).hasContent(OUR_PID + "\n");
            }
        } finally {
            stop(other);
        }
    }

    @Test
    void write_fileNamesALiveJockerDaemon_isConflictAndLeavesTheFile() throws Exception {
        // "sleep; exit" keeps sh from exec'ing sleep, so its command line keeps the daemon's main class.
        Process other = new ProcessBuilder("sh", "-c", "sleep 60; exit 0", "io.jocker.daemon.Main").start();
        try {
            Path path = dir.resolve("jocker.pid");
            Files.writeString(path, other.pid() + "\n");

            assertThatThrownBy(() -> PidFile.write(path))
                    .isInstanceOfSatisfying(EngineException.class,
                            e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .hasMessage("pid file found, ensure jocker is not running or delete " + path
                            + " (process with PID " + other.pid() + " is still running)");
            assertThat(path).hasContent(other.pid() + "\n");
        } finally {
            stop(other);
        }
    }

    /** Kills {@code process} and its children (sh's sleep would otherwise outlive it). */
    private static void stop(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** The PID of a process that has exited (and been reaped). */
    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(process.pid())).isEmpty();
        return process.pid();
    }
}
