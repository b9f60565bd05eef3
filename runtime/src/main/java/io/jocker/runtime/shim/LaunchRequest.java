package io.jocker.runtime.shim;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One conmon launch: a container whose bundle (with {@code config.json}) is ready.
 *
 * @param containerId the full container ID (conmon's {@code -c} and {@code -u})
 * @param name the container name (conmon's {@code -n})
 * @param bundle the bundle directory; conmon's cwd and {@code -0} dir
 * @param logPath the k8s-file log; must not contain {@code :}
 * @param exitDir where conmon writes {@code <id>} with the exit code
 * @param socketDir where conmon links {@code <id>} → bundle for the attach socket
 * @param runtimeRoot the OCI runtime's {@code --root}
 * @param stdin keep stdin open ({@code -i})
 * @param tty allocate a terminal ({@code -t}; the spec must say {@code terminal: true})
 * @param leaveStdinOpen keep stdin open across attach clients ({@code --leave-stdin-open})
 */
public record LaunchRequest(
        String containerId,
        String name,
        Path bundle,
        Path logPath,
        Path exitDir,
        Path socketDir,
        Path runtimeRoot,
        boolean stdin,
        boolean tty,
        boolean leaveStdinOpen) {
    public LaunchRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(logPath, "logPath");
        Objects.requireNonNull(exitDir, "exitDir");
        Objects.requireNonNull(socketDir, "socketDir");
        Objects.requireNonNull(runtimeRoot, "runtimeRoot");
        if (logPath.toString().contains(":")) {
            throw new IllegalArgumentException("conmon log path must not contain ':': " + logPath);
        }
        if (tty && stdin) {
            // conmon with -t routes stdin through the pty; -i with -t is not what worked (host-recipes §4)
            stdin = false;
        }
    }

    /** A detached container without stdin or terminal. */
    public static LaunchRequest detached(String containerId, String name, Path bundle, Path logPath, Path exitDir,
            Path socketDir, Path runtimeRoot) {
        return new LaunchRequest(containerId, name, bundle, logPath, exitDir, socketDir, runtimeRoot,
                false, false, false);
    }
}
