package io.jocker.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.common.error.ErrorKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuncRuntimeTest {
    @Test
    void parseState_runcJson_readsStatusAndPid() {
        var s = RuncRuntime.parseState("""
                {"ociVersion":"1.0.2-dev","id":"c1","pid":123,"status":"running","bundle":"/b",
                 "rootfs":"/b/rootfs","created":"2026-01-01T00:00:00Z","owner":""}""");
        assertThat(s).isEqualTo(new RuntimeState("c1", "running", 123, "/b"));
    }

    @Test
    void toException_missingContainer_isNotFound() {
        var e = RuncRuntime.toException("starting container c1",
                "time=\"2026-01-01T00:00:00Z\" level=error msg=\"container does not exist\"\n", 1);
        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("starting container c1: container does not exist");
    }

    @Test
    void toException_otherFailure_isInternalWithText() {
        var e = RuncRuntime.toException("deleting container c1", "cannot delete container c1 that is not stopped: running\n", 1);
        assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL);
        assertThat(e.getMessage()).isEqualTo("deleting container c1: cannot delete container c1 that is not stopped: running");
    }

    @Test
    void start_releasesTheExecFifoItself_andFallsBackToTheBinaryWhenInitNeverComes(
            @TempDir Path dir) throws Exception {
        // a fake "runc" that records that it was asked to start
        Path fake = dir.resolve("fake-runc");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\n");
        fake.toFile().setExecutable(true);
        RuncRuntime runtime = new RuncRuntime(fake, dir, Duration.ofSeconds(5));
        Path state = Files.createDirectories(dir.resolve("runc/c1"));
        Files.writeString(state.resolve("state.json"), "{}"); // runc's layout
        Path fifo = state.resolve("exec.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Thread init = Thread.ofPlatform().start(() -> { // what runc init does: open for writing, write "0"
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write('0');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        runtime.start("c1");
        init.join(5_000);
        assertThat(fifo).as("removed, so the runtime reports running").doesNotExist();
        assertThat(dir.resolve("calls")).as("no runtime process was needed")
                .doesNotExist();

        Path state2 = Files.createDirectories(dir.resolve("runc/c2"));
        Files.writeString(state2.resolve("state.json"), "{}");
        new ProcessBuilder("mkfifo", state2.resolve("exec.fifo").toString()).start().waitFor();
        runtime.start("c2"); // init never opens it: the runtime binary decides
        assertThat(Files.readString(dir.resolve("calls")))
                .contains("start c2");
    }

    @Test
    void start_withAnotherRuntimesLayout_leavesTheFifoToTheRuntime(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("fake-crun");
        Files.writeString(fake, "#!/bin/sh\necho \"$@\" >> " + dir.resolve("calls") + "\n");
        fake.toFile().setExecutable(true);
        RuncRuntime crun = new RuncRuntime(fake, dir, "crun", Duration.ofSeconds(5));
        Path state = Files.createDirectories(dir.resolve("crun/c3")); // crun keeps "status", no state.json
        new ProcessBuilder("mkfifo", state.resolve("exec.fifo").toString()).start().waitFor();
        long before = System.nanoTime();
        crun.start("c3");
        assertThat((System.nanoTime() - before) / 1_000_000).as("no wait for a rendezvous").isLessThan(1_500);
        assertThat(Files.readString(dir.resolve("calls"))).contains("start c3");
    }
}
