package io.jocker.runtime.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.common.error.ErrorKind;
import org.junit.jupiter.api.Test;

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
}
