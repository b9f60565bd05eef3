package io.jocker.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs programs (./jocker, docker) the way a user does, and finds them. */
final class Processes {
    private Processes() {}

    /** What a program did: {@code out} is its output as text, {@code outBytes} the same bytes as they came. */
    record Result(int exit, String out, String err, byte[] outBytes) {}

    /** The repository root: the parent of this module's directory, where ./jocker lives. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("jocker")) ? here : here.getParent();
    }

    static Result run(Map<String, String> env, List<String> command) {
        return run(env, command, null);
    }

    /** Runs {@code command} with {@code stdin} (a file) as its input, or an open, empty pipe when null. */
    static Result run(Map<String, String> env, List<String> command, Path stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile());
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            builder.environment().putAll(env);
            Path out = Files.createTempFile("out", ".txt");
            Path err = Files.createTempFile("err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            byte[] outBytes = Files.readAllBytes(out);
            Result result = new Result(process.exitValue(), new String(outBytes, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), outBytes);
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the real docker CLI at {@code cli} against {@code daemon}, with its own config directory
     * under {@code dir} (so the host's ~/.docker plays no part) and {@code stdin} as input (or null).
     */
    static Result docker(Path cli, TestDaemon daemon, Path dir, Path stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(cli.toString()));
        command.addAll(List.of(args));
        return run(Map.of("DOCKER_HOST", daemon.host(), "DOCKER_CONFIG", dir.resolve("docker-config").toString()),
                command, stdin);
    }

    /** The real docker CLI (v28 on these machines), if installed. */
    static Optional<Path> dockerCli() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "docker");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Waits until something accepts connections on the socket (a stale socket file does not). */
    static void waitUntilServing(Path socket, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            try (java.nio.channels.SocketChannel probe = java.nio.channels.SocketChannel.open(
                    java.net.StandardProtocolFamily.UNIX)) {
                probe.connect(java.net.UnixDomainSocketAddress.of(socket));
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(socket + " not serving within " + millis + " ms", e);
                }
                Thread.sleep(20);
            }
        }
    }

    static void waitFor(Path file, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!Files.exists(file)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(file + " did not appear within " + millis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
