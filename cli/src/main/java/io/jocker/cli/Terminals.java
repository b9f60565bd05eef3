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

    /** The controlling terminal's size as {rows, columns}, or null when unknown. */
    default int[] size() {
        return null;
    }

    /**
     * Puts the terminal in raw mode without echo ({@code stty raw -echo}), for a container with a
     * TTY: keys go to the container as typed, and its pty echoes them. Closing the result restores
     * the previous mode. Does nothing where there is no terminal.
     */
    default AutoCloseable makeRaw() {
        return () -> {};
    }

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

            @Override
            public int[] size() {
                String[] words = stty("size").strip().split("\\s+");
                try {
                    return words.length == 2 ? new int[] {Integer.parseInt(words[0]), Integer.parseInt(words[1])} : null;
                } catch (NumberFormatException e) {
                    return null; // no terminal: stty printed nothing useful
                }
            }

            @Override
            public AutoCloseable makeRaw() {
                String saved = stty("-g").strip();
                if (saved.isEmpty()) {
                    return () -> {};
                }
                stty("raw", "-echo");
                return () -> stty(saved);
            }
        };
    }

    /**
     * Runs {@code /bin/stty} on {@code /dev/tty} (the JDK has no termios); its output, "" when it
     * fails, as there is no terminal to change then.
     */
    private static String stty(String... args) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add("/bin/stty");
        command.addAll(java.util.List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
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
