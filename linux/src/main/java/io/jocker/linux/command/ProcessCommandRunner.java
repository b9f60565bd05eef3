package io.jocker.linux.command;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner} on real processes. Standard input is written and both outputs are read on
 * virtual threads, so neither a large batch nor a chatty tool can fill a pipe and stall the other
 * side. The environment is the JVM's with {@code LC_ALL=C}, so tools print the English messages
 * callers match ("File exists", "does not exist").
 *
 * <p>Thread-safe (stateless).
 */
final class ProcessCommandRunner implements CommandRunner {
    static final ProcessCommandRunner INSTANCE = new ProcessCommandRunner(DEFAULT_TIMEOUT);

    private final Duration timeout;

    ProcessCommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CommandResult run(List<String> argv, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("LC_ALL", "C");
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException(new CommandResult(argv, -1, "", "cannot start: " + e.getMessage()));
        }
        if (stdin != null) {
            feed(process.getOutputStream(), stdin);
        }
        CompletableFuture<String> out = Pipes.drain(process.getInputStream());
        CompletableFuture<String> err = Pipes.drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new CommandException(new CommandResult(argv, -1, "", "killed after " + timeout));
            }
            return new CommandResult(argv, process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException(new CommandResult(argv, -1, "", "interrupted"));
        } catch (ExecutionException e) {
            throw new CommandException(new CommandResult(argv, -1, "", "reading output: " + e.getCause()));
        }
    }

    private static void feed(OutputStream in, String text) {
        Thread.ofVirtual().start(() -> {
            try (in) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // The tool exited without reading all of its input; its status and stderr say why.
            }
        });
    }


    @Override
    public String toString() {
        return "local";
    }
}
