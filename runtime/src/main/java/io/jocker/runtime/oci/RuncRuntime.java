package io.jocker.runtime.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.common.error.EngineException;
import io.jocker.linux.command.CommandException;
import io.jocker.linux.command.CommandResult;
import io.jocker.linux.command.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OciRuntime} for runc, run as a child process per call with a timeout. The state lives
 * under {@code <execRoot>/runc} ({@code --root}), so we never share {@code /run/runc} with Podman.
 * Thread-safe (runc itself locks per container).
 */
public final class RuncRuntime implements OciRuntime {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** runc logs as logrus text: {@code time="…" level=error msg="container does not exist"}. */
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Path binary;
    private final Path root;
    /** Runs the binary: both pipes drained at once, killed after the timeout. */
    private final CommandRunner processes;

    /**
     * @param binary the runc executable
     * @param execRoot the daemon's runtime directory; runc's state goes to {@code execRoot/runc}
     * @param timeout how long one runc call may take before it is killed
     */
    public RuncRuntime(Path binary, Path execRoot, Duration timeout) {
        this(binary, execRoot, "runc", timeout);
    }

    /**
     * A runtime with runc's command line (runc, crun) under its configured name, whose state goes
     * to {@code execRoot/<name>}, so two runtimes never share a state directory.
     */
    public RuncRuntime(Path binary, Path execRoot, String name, Duration timeout) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.root = execRoot.resolve(name);
        this.processes = CommandRunner.local(Objects.requireNonNull(timeout, "timeout"));
    }

    /** The {@code --root} directory passed on every call (also conmon's {@code --runtime-arg}). */
    public Path root() {
        return root;
    }

    public Path binary() {
        return binary;
    }

    /**
     * Lets a created container's process run. A created container's init waits to open its
     * {@code exec.fifo} for writing; {@code runc start} is a process that opens it for reading, reads
     * the byte init writes, and removes it. Doing that here saves starting the runtime binary (about
     * 10 ms). Only with runc's layout (a {@code state.json} next to the fifo): crun's init reads its
     * fifo and {@code crun start} writes it, the other way round. When the rendezvous does not happen
     * (init died) the runtime's own {@code start} decides, with its error.
     */
    @Override
    public void start(String containerId) {
        Path state = root.resolve(containerId);
        Path fifo = state.resolve("exec.fifo");
        if (Files.exists(state.resolve("state.json")) && Files.exists(fifo) && releaseExecFifo(fifo)) {
            return;
        }
        run("starting container " + containerId, "start", containerId);
    }

    /** How long a start waits for init at the other end of its exec.fifo. */
    private static final long FIFO_RENDEZVOUS_MILLIS = 2_000;

    /** Opens, reads and removes the fifo as {@code runc start} does; false when init never came. */
    private static boolean releaseExecFifo(Path fifo) {
        java.util.concurrent.CompletableFuture<byte[]> read = new java.util.concurrent.CompletableFuture<>();
        // a platform thread: opening a fifo blocks in the kernel until the writer comes
        Thread reader = Thread.ofPlatform().daemon().name("exec-fifo").start(() -> {
            try (java.io.InputStream in = Files.newInputStream(fifo)) {
                read.complete(in.readAllBytes());
            } catch (IOException | RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        try {
            byte[] data = read.get(FIFO_RENDEZVOUS_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (data.length == 0) {
                return false; // no byte from init: let the runtime say why
            }
            Files.deleteIfExists(fifo); // its absence is what makes the runtime report "running"
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            unblock(fifo, reader);
            return tookTheByteLate(fifo, read);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unblock(fifo, reader);
            return tookTheByteLate(fifo, read);
        } catch (java.util.concurrent.ExecutionException | IOException e) {
            return false;
        }
    }

    /**
     * After {@link #unblock}: init may have come just then and written its byte, in which case the
     * container runs and the start succeeded; a runtime start now would wait for a byte never sent.
     */
    private static boolean tookTheByteLate(Path fifo,
            java.util.concurrent.CompletableFuture<byte[]> read) {
        byte[] data = read.isDone() && !read.isCompletedExceptionally() ? read.join() : null;
        if (data == null || data.length == 0) {
            return false;
        }
        try {
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            // the runtime then reports "created" for a running container; nothing else depends on it
        }
        return true;
    }

    /**
     * Ends a reader stuck opening the fifo: an end of our own opened read-write (which never blocks
     * on Linux) lets its open return, and closing it leaves the reader at end of file.
     */
    private static void unblock(Path fifo, Thread reader) {
        try (java.nio.channels.FileChannel end = java.nio.channels.FileChannel.open(fifo,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            // opened: that is all it takes
        } catch (IOException e) {
            // the fifo is gone: so is the reader's wait
        }
        try {
            reader.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void kill(String containerId, String signal) {
        run("killing container " + containerId, "kill", containerId, signal);
    }

    @Override
    public void delete(String containerId, boolean force) {
        if (force) {
            run("deleting container " + containerId, "delete", "--force", containerId);
        } else {
            run("deleting container " + containerId, "delete", containerId);
        }
    }

    @Override
    public RuntimeState state(String containerId) {
        return parseState(run("reading state of container " + containerId, "state", containerId));
    }

    static RuntimeState parseState(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new RuntimeState(n.path("id").asText(), n.path("status").asText(), n.path("pid").asInt(0),
                    n.path("bundle").asText(null));
        } catch (IOException e) {
            throw EngineException.internal("runc state printed unreadable JSON: " + json, e);
        }
    }

    /**
     * The message a user should read from a runtime's stderr or conmon's sync message: the last
     * logrus {@code msg="…"} if there is one, else the trimmed text.
     */
    public static String userMessage(String runtimeOutput) {
        Matcher m = LOGRUS_MSG.matcher(runtimeOutput);
        String last = null;
        while (m.find()) {
            last = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return last != null ? last : runtimeOutput.strip();
    }

    static EngineException toException(String context, String stderr, int exitCode) {
        String msg = userMessage(stderr);
        if (msg.isEmpty()) {
            msg = "runc exited with status " + exitCode;
        }
        String text = context + ": " + msg;
        if (msg.contains("does not exist") || msg.contains("not found")) {
            return EngineException.notFound(text);
        }
        return EngineException.internal(text, null);
    }

    private String run(String context, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add("--root");
        cmd.add(root.toString());
        cmd.addAll(List.of(args));
        CommandResult result;
        try {
            result = processes.run(cmd, null);
        } catch (CommandException e) {
            throw EngineException.internal(context + ": " + binary + ": " + e.result().stderr(), e);
        }
        if (!result.succeeded()) {
            throw toException(context, result.stderr().isBlank() ? result.stdout() : result.stderr(),
                    result.exitCode());
        }
        return result.stdout();
    }
}
