package io.jocker.engine.system;

/**
 * How many containers (by state) and images the engine holds, for {@code /info}.
 *
 * <p>Each resource service supplies its part through {@link Source}; until the container and image
 * services are wired, the composition root supplies sources that report what exists: nothing.
 */
public record ObjectCounts(int containersRunning, int containersPaused, int containersStopped, int images) {

    public int containers() {
        return containersRunning + containersPaused + containersStopped;
    }

    /** A live view of the counts; called on every {@code /info}. */
    @FunctionalInterface
    public interface Source {
        ObjectCounts counts();
    }
}
