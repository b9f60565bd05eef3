package io.jocker.engine.container;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle state of a container, with Docker's names. Changes go only along the allowed
 * transitions; everything else asks a {@code canX} check first.
 *
 * <pre>
 * created ──start──▶ running ──exit──▶ exited ──start──▶ running
 *    │               │  ▲  │                 │
 *    │          pause│  │unpause             │
 *    │               ▼  │  └─restart─▶ restarting
 *    └──────────────▶ removing ◀─────────────┘ ──▶ (gone) or dead
 * </pre>
 */
public enum ContainerState {
    CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

    private static final Map<ContainerState, Set<ContainerState>> NEXT = Map.of(
            CREATED, EnumSet.of(RUNNING, REMOVING, DEAD),
            RUNNING, EnumSet.of(EXITED, PAUSED, RESTARTING),
            PAUSED, EnumSet.of(RUNNING, EXITED),
            RESTARTING, EnumSet.of(RUNNING, EXITED),
            EXITED, EnumSet.of(RUNNING, RESTARTING, REMOVING, DEAD),
            REMOVING, EnumSet.of(DEAD),
            DEAD, EnumSet.of(REMOVING));

    /** Docker's lower-case name: "created", "running", ... */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ContainerState parse(String name) {
        for (ContainerState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown container state: " + name);
    }

    public boolean canTransitionTo(ContainerState next) {
        return NEXT.get(this).contains(next);
    }

    /** The target state, or {@link IllegalStateException} for a transition the lifecycle forbids. */
    public ContainerState transitionTo(ContainerState next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("container cannot go from " + wireName() + " to " + next.wireName());
        }
        return next;
    }

    /** A process exists: running, paused, or between restarts. */
    public boolean hasProcess() {
        return this == RUNNING || this == PAUSED || this == RESTARTING;
    }

    public boolean canStart() {
        return this == CREATED || this == EXITED;
    }

    public boolean canStop() {
        return hasProcess();
    }

    public boolean canKill() {
        return hasProcess();
    }

    /** Without force: nothing must be running and no other removal under way. */
    public boolean canRemove() {
        return this == CREATED || this == EXITED || this == DEAD;
    }
}
