package io.jocker.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard input and output are terminals, which changes what some commands do, as in
 * the docker CLI: {@code save} refuses to write a tar to a terminal, {@code load} refuses to read
 * one from it and asks the engine for progress only when output is one.
 *
 * <p>Implementations are thread-safe. Tests pass their own answers.
 */
public interface Terminals {
    boolean isStdinTerminal();

    boolean isStdoutTerminal();

    /** Fixed answers, for tests and for callers that already know. */
    static Terminals of(boolean stdin, boolean stdout) {
        return new Terminals() {
            @Override
            public boolean isStdinTerminal() {
                return stdin;
            }

            @Override
            public boolean isStdoutTerminal() {
                return stdout;
            }
        };
    }

    /**
     * This process's streams, asked only when a command needs to know. On Linux each descriptor is
     * checked on its own through {@code /proc/self/fd} (a terminal is a {@code /dev/pts/N} or
     * {@code /dev/ttyX}); {@link System#console()} is the fallback, which only knows whether both
     * are terminals.
     */
    static Terminals system() {
        return new Terminals() {
            @Override
            public boolean isStdinTerminal() {
                return isTerminal(0);
            }

            @Override
            public boolean isStdoutTerminal() {
                return isTerminal(1);
            }
        };
    }

    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            // no /proc (not Linux, or hidden): ask the JDK, which answers for stdin and stdout together
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
