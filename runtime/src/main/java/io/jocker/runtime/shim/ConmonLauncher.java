package io.jocker.runtime.shim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jocker.common.error.EngineException;
import io.jocker.linux.command.Pipes;
import io.jocker.runtime.oci.RuncRuntime;
import io.jocker.linux.libc.Libc;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon for one container and waits until it has run {@code runtime create}.
 *
 * <p>Steps (host-recipes §4):
 * <ol>
 *   <li>make a FIFO {@code <bundle>/sync.fifo} and run {@code sh -c 'exec "$0" "$@" 3>FIFO 4<&0 </dev/null
 *       >/dev/null' conmon …}: Java hands a child only fds 0-2, so the shell opens the FIFO as fd 3
 *       ({@code _OCI_SYNCPIPE}), moves our stdin pipe to fd 4 ({@code _OCI_STARTPIPE}) and execs conmon.
 *       The recipe's {@code 3>&1} does not work from Java: the JDK closes the stdout pipe when the launcher
 *       exits, which is before conmon's child writes the pid;</li>
 *   <li>release the start pipe (one byte, then close); conmon forks, its launcher exits 0;</li>
 *   <li>read exactly one line from the sync pipe: {@code {"data": pid}} or {@code {"data": -1, "message": …}}.
 *       conmon never closes that fd, so we never read to EOF;</li>
 *   <li>read {@code conmon.pid} from the bundle.</li>
 * </ol>
 * The caller then connects the attach socket and runs {@code runtime start}. Thread-safe.
 */
public final class ConmonLauncher {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * fd 3 is a FIFO, not our stdout pipe: the JDK closes a child's stdout pipe when the child exits
     * (draining what is there), and conmon's launcher exits right after forking, before the pid line.
     */
    private static final String MOVE_PIPES = "exec \"$0\" \"$@\" 3>\"$_JOCKER_SYNC_FIFO\" 4<&0 </dev/null >/dev/null";
    private static final String SYNC_FIFO = "sync.fifo";
    private static final MethodHandle MKFIFO = Libc.downcall("mkfifo",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final Path conmon;
    private final Path runtime;
    private final Duration timeout;

    /**
     * @param conmon the conmon binary
     * @param runtime the OCI runtime binary conmon runs ({@code -r})
     * @param timeout how long to wait for the pid line
     */
    public ConmonLauncher(Path conmon, Path runtime, Duration timeout) {
        this.conmon = Objects.requireNonNull(conmon, "conmon");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public Launched launch(LaunchRequest req) {
        String context = "creating container " + req.containerId();
        Path fifo = req.bundle().resolve(SYNC_FIFO);
        ProcessBuilder pb = new ProcessBuilder(command(req)).directory(req.bundle().toFile());
        Map<String, String> env = pb.environment();
        String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("TZ", "UTC"); // log timestamps then carry +00:00
        env.put("_OCI_SYNCPIPE", "3");
        env.put("_OCI_STARTPIPE", "4");
        env.put("_JOCKER_SYNC_FIFO", fifo.toString());
        Process p;
        FileChannel sync;
        try {
            Files.createDirectories(req.exitDir());
            Files.createDirectories(req.socketDir());
            Files.deleteIfExists(fifo);
            mkfifo(fifo);
            // Read+write never blocks on open; we then never see EOF, so a dead launcher is noticed by its exit status.
            sync = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
            p = pb.start();
        } catch (IOException e) {
            throw EngineException.internal(context + ": cannot run " + conmon, e);
        }
        CompletableFuture<String> stderr = Pipes.drain(p.getErrorStream());
        try {
            try (OutputStream start = p.getOutputStream()) {
                start.write(0);
            } catch (IOException e) {
                // conmon already died; its exit status and stderr say why
            }
            CompletableFuture<String> line = new CompletableFuture<>();
            InputStream in = Channels.newInputStream(sync);
            Thread.ofPlatform().daemon().name("conmon-sync-" + shortId(req.containerId())).start(() -> {
                try {
                    line.complete(readLine(in));
                } catch (IOException e) {
                    line.completeExceptionally(e);
                }
            });
            String first = awaitLine(line, p, stderr, req, context);
            int pid = parseSyncLine(first, context);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw EngineException.internal(context + ": conmon's launcher did not exit", null);
            }
            return new Launched(pid, readPid(req.bundle().resolve("conmon.pid"), context));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killConmon(req, p);
            throw EngineException.internal(context + ": interrupted", e);
        } finally {
            try {
                sync.close(); // ours only; conmon keeps its fd 3 open for its lifetime
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                // a leftover fifo in the bundle is harmless and goes with the bundle
            }
        }
    }

    private String awaitLine(CompletableFuture<String> line, Process p, CompletableFuture<String> stderr,
            LaunchRequest req, String context) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                String first = line.get(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    throw EngineException.internal(context + ": conmon closed its sync pipe", null);
                }
                return first;
            } catch (TimeoutException e) {
                if (!p.isAlive() && p.exitValue() != 0) {
                    String err = stderrNow(stderr);
                    throw EngineException.internal(context + ": conmon failed (status " + p.exitValue() + ")"
                            + (err.isBlank() ? "" : ": " + err.strip()), null);
                }
                if (System.nanoTime() > deadline) {
                    killConmon(req, p);
                    throw EngineException.internal(context + ": conmon sent no pid within " + timeout, e);
                }
            } catch (ExecutionException e) {
                throw EngineException.internal(context + ": reading conmon's sync pipe", e.getCause());
            }
        }
    }

    private static void mkfifo(Path fifo) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(Libc.CAPTURE_LAYOUT);
            int rc = (int) MKFIFO.invokeExact(cap, Libc.cString(a, fifo.toString()), 0600);
            if (rc != 0) {
                throw new IOException("mkfifo " + fifo + ": errno " + Libc.errno(cap));
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    List<String> command(LaunchRequest r) {
        Path b = r.bundle();
        List<String> c = new ArrayList<>(List.of("/bin/sh", "-c", MOVE_PIPES, conmon.toString(),
                "--api-version", "1",
                "-c", r.containerId(), "-u", r.containerId(), "-n", r.name(),
                "-r", runtime.toString(), "-b", b.toString(),
                "-p", b.resolve("pidfile").toString(), "-P", b.resolve("conmon.pid").toString(),
                "-l", "k8s-file:" + r.logPath(),
                "--exit-dir", r.exitDir().toString(),
                "--socket-dir-path", r.socketDir().toString(),
                "-0", b.toString(),
                "--runtime-arg=--root=" + r.runtimeRoot(),
                "--log-level", "info"));
        if (r.stdin()) {
            c.add("-i");
        }
        if (r.tty()) {
            c.add("-t");
        }
        if (r.leaveStdinOpen()) {
            c.add("--leave-stdin-open");
        }
        return c;
    }

    /** Parses conmon's sync line: the pid, or an exception carrying the runtime's message. */
    static int parseSyncLine(String line, String context) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            throw EngineException.internal(context + ": conmon sent an unreadable sync line: " + line, e);
        }
        if (n == null || !n.has("data")) {
            throw EngineException.internal(context + ": conmon sent an unreadable sync line: " + line, null);
        }
        int pid = n.get("data").asInt(-1);
        if (pid <= 0) {
            // The runtime refused the container (a missing binary, a bad working directory…): the
            // user reads the runtime's reason in dockerd 25's frame; the docker CLI picks its exit
            // code (126, 127) from that text.
            String msg = n.path("message").asText("");
            String text = msg.isBlank() ? "runtime create failed" : RuncRuntime.userMessage(msg);
            throw EngineException.internal("failed to create task for container: failed to create shim task: "
                    + "OCI runtime create failed: " + text + ": unknown", null);
        }
        return pid;
    }

    /** Reads bytes up to and without the first newline; null on EOF before any byte. Never reads past it. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return buf.toString(StandardCharsets.UTF_8);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
    }

    private static int readPid(Path file, String context) {
        try {
            return Integer.parseInt(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            throw EngineException.internal(context + ": conmon wrote no " + file, e);
        } catch (IOException | NumberFormatException e) {
            throw EngineException.internal(context + ": unreadable " + file, e);
        }
    }

    private void killConmon(LaunchRequest req, Process launcher) {
        launcher.destroyForcibly();
        try {
            int pid = Integer.parseInt(Files.readString(req.bundle().resolve("conmon.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            // no pid file yet: conmon never forked, and the launcher is gone
        }
    }

    private static String stderrNow(CompletableFuture<String> f) {
        try {
            return f.get(1, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "";
        }
    }


    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
