package io.jocker.engine.container;

import java.time.Instant;

/**
 * The state part of a container record (Docker's {@code State}). Times are null when never set;
 * {@code pid} is 0 when no process runs.
 */
public record RunState(ContainerState status, long pid, int exitCode, String error, Instant startedAt,
        Instant finishedAt, boolean oomKilled, int restartCount) {

    public RunState {
        error = error == null ? "" : error;
    }

    public static RunState created() {
        return new RunState(ContainerState.CREATED, 0, 0, "", null, null, false, 0);
    }

    RunState to(ContainerState next) {
        return new RunState(status.transitionTo(next), pid, exitCode, error, startedAt, finishedAt, oomKilled,
                restartCount);
    }

    RunState started(long newPid, Instant at) {
        return new RunState(status.transitionTo(ContainerState.RUNNING), newPid, 0, "", at, finishedAt, false,
                restartCount);
    }

    RunState withPid(long newPid) {
        return new RunState(status, newPid, exitCode, error, startedAt, finishedAt, oomKilled, restartCount);
    }

    RunState exited(int code, boolean oom, Instant at) {
        return new RunState(status.transitionTo(ContainerState.EXITED), 0, code, error, startedAt, at, oom,
                restartCount);
    }

    RunState failedStart(ContainerState back, int code, String message) {
        return new RunState(back, 0, code, message, startedAt, finishedAt, false, restartCount);
    }
}
