package io.jocker.daemon.container;

import io.jocker.common.error.EngineException;
import io.jocker.engine.container.ContainerLogs;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.HostSettings;
import io.jocker.runtime.log.K8sFileLog;
import io.jocker.runtime.log.LogFollower;
import io.jocker.runtime.log.LogQuery;
import io.jocker.runtime.log.LogRotation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Containers' logs: conmon's k8s-file at {@code <data-root>/containers/<id>/container.log}, read and
 * followed for {@code docker logs}, and rotated by size while the container runs ({@code --log-opt
 * max-size/max-file}: renamed, then conmon reopens through its control FIFO, since conmon's own
 * limit would empty the file). Thread-safe.
 */
final class ContainerLogFiles implements ContainerLogs, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ContainerLogFiles.class.getName());

    private final Path logsRoot;
    private final Function<String, Path> bundleOf;
    /** Running containers whose log has a max-size, and their policy. */
    private final Map<String, LogRotation.Policy> rotating = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rotator = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("log-rotation").factory());

    /**
     * @param logsRoot {@code <data-root>/containers}
     * @param bundleOf a container's bundle, where its conmon's control FIFO is
     */
    ContainerLogFiles(Path logsRoot, Function<String, Path> bundleOf) {
        this.logsRoot = logsRoot;
        this.bundleOf = bundleOf;
        rotator.scheduleWithFixedDelay(this::rotate, 200, 200, TimeUnit.MILLISECONDS);
    }

    Path file(String id) {
        return logsRoot.resolve(id).resolve("container.log");
    }

    /**
     * The record's rotation policy; json-file (Docker's default, which "local" also maps to here)
     * and none are the drivers there are, with dockerd's text for any other.
     */
    static LogRotation.Policy policy(ContainerRecord record) {
        HostSettings.LogConfig log = record.hostConfig().logConfig();
        return switch (log.type()) {
            case "json-file", "local" -> LogRotation.Policy.parse(log.config());
            case "none" -> LogRotation.Policy.NONE;
            default -> throw EngineException.invalidArgument(
                    "logger: no log driver named '" + log.type() + "' is registered");
        };
    }

    /** From before its process runs until {@link #stopRotating}: the container's log is kept to its size. */
    void rotateWhileRunning(ContainerRecord record) {
        LogRotation.Policy policy = policy(record);
        if (policy.maxSize() > 0) {
            rotating.put(record.id(), policy);
        }
    }

    void stopRotating(String id) {
        rotating.remove(id);
    }

    @Override
    public void read(String containerId, LogQuery query, LogFollower.Sink sink) throws IOException {
        K8sFileLog.read(file(containerId), query, sink);
    }

    @Override
    public void follow(String containerId, LogQuery query, BooleanSupplier writerAlive,
            BooleanSupplier clientConnected, LogFollower.Sink sink) throws IOException, InterruptedException {
        LogFollower.follow(file(containerId), query, writerAlive, clientConnected, sink);
    }

    /**
     * Five times a second: a log may pass its size by what the container writes in that time
     * (json-file checks at every write).
     */
    private void rotate() {
        rotating.forEach((id, policy) -> {
            try {
                LogRotation.rotateIfNeeded(file(id), policy, () -> ConmonControl.reopenLog(bundleOf.apply(id)));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "rotating the log of container " + id + ": " + e);
            }
        });
    }

    @Override
    public void close() {
        rotator.shutdownNow();
    }
}
