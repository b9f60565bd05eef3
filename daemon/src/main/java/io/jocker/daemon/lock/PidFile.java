package io.jocker.daemon.lock;

import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's PID file, as dockerd keeps one: refused when it names another live jocker daemon,
 * replaced when stale, removed on orderly shutdown. Not thread-safe.
 */
public final class PidFile implements AutoCloseable {
    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    public static PidFile write(Path path) {
        long self = ProcessHandle.current().pid();
        try {
            if (Files.exists(path)) {
                String content = Files.readString(path, StandardCharsets.US_ASCII).trim();
                if (!content.isEmpty() && content.chars().allMatch(Character::isDigit)) {
                    long other = Long.parseLong(content);
                    if (other != self && isJockerDaemon(other)) {
                        throw EngineException.conflict("pid file found, ensure jocker is not running or delete "
                                + path + " (process with PID " + other + " is still running)");
                    }
                }
            }
            Files.createDirectories(path.toAbsolutePath().getParent());
            Files.writeString(path, self + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("writing pid file " + path, e);
        }
        return new PidFile(path, self);
    }

    /** PIDs are reused: only a live process whose command line is a jocker daemon counts. */
    private static boolean isJockerDaemon(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> {
            try {
                String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"))
                        .replace('\0', ' ');
                return cmdline.contains("io.jocker.daemon") || cmdline.contains("jocker-daemon");
            } catch (IOException e) {
                return false;
            }
        }).orElse(false);
    }

    @Override
    public void close() {
        try {
            String content = Files.exists(path) ? Files.readString(path).trim() : "";
            if (content.equals(Long.toString(pid))) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing pid file " + path, e);
        }
    }
}
