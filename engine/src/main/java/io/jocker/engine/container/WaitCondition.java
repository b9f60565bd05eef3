package io.jocker.engine.container;

import io.jocker.common.error.EngineException;

/** What {@code POST /containers/{id}/wait} waits for. */
public enum WaitCondition {
    /** Returns at once unless a process runs; the default. */
    NOT_RUNNING,
    /** The next exit, even when the container has not started yet. */
    NEXT_EXIT,
    /** The container's removal. */
    REMOVED;

    /** {@code ""} and null mean not-running. */
    public static WaitCondition parse(String text) {
        return switch (text == null ? "" : text) {
            case "", "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw EngineException.invalidArgument("invalid condition: \"" + text + "\"");
        };
    }
}
