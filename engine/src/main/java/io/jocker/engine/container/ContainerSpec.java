package io.jocker.engine.container;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a container runs: the request's config merged over the image's (Docker's {@code Config}).
 * Lists and maps are never null once merged; {@code image} is the name the user gave.
 */
public record ContainerSpec(String image, List<String> cmd, List<String> entrypoint, List<String> env,
        Map<String, String> labels, boolean tty, boolean openStdin, boolean stdinOnce, boolean attachStdin,
        boolean attachStdout, boolean attachStderr, String workingDir, String user, String hostname,
        String domainname, String stopSignal, Integer stopTimeout) {

    public ContainerSpec {
        cmd = cmd == null ? null : List.copyOf(cmd);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        env = env == null ? null : List.copyOf(env);
        labels = labels == null ? null : Map.copyOf(labels);
    }

    /** Entrypoint followed by Cmd: the process's argv ({@code Path} is its first word). */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        if (entrypoint != null) {
            argv.addAll(entrypoint);
        }
        if (cmd != null) {
            argv.addAll(cmd);
        }
        return argv;
    }

    ContainerSpec withMerged(List<String> cmd, List<String> entrypoint, List<String> env, Map<String, String> labels,
            String workingDir, String user, String hostname, String stopSignal) {
        return new ContainerSpec(image, cmd, entrypoint, env, labels, tty, openStdin, stdinOnce, attachStdin,
                attachStdout, attachStderr, workingDir, user, hostname, domainname, stopSignal, stopTimeout);
    }
}
