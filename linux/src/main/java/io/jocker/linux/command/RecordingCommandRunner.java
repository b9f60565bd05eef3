package io.jocker.linux.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A fake {@link CommandRunner} for unit tests: it records every command with its standard input
 * and runs nothing. Each command succeeds with empty output unless a rule added with {@link
 * #answer} matches it; the most recently added matching rule wins, so a test states the general
 * case first and the exceptions after.
 *
 * <pre>{@code
 * RecordingCommandRunner runner = new RecordingCommandRunner()
 *         .answer(argv -> argv.contains("-C"), argv -> RecordingCommandRunner.failure(argv, 1, "Bad rule"));
 * }</pre>
 *
 * <p>Thread-safe (every method synchronizes on this).
 */
public final class RecordingCommandRunner implements CommandRunner {

    /** One command as it was run; {@code stdin} is null when it had none. */
    public record Call(List<String> argv, String stdin) {
        public Call {
            argv = List.copyOf(argv);
        }

        /** The command line joined by single spaces, for readable assertions. */
        public String line() {
            return String.join(" ", argv);
        }

        /** The non-empty lines of its standard input. */
        public List<String> stdinLines() {
            return stdin == null ? List.of() : stdin.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private record Rule(Predicate<List<String>> matches, Function<List<String>, CommandResult> result) {}

    private final List<Call> calls = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    /** Answers the commands {@code matches} accepts with {@code result}. */
    public synchronized RecordingCommandRunner answer(Predicate<List<String>> matches,
            Function<List<String>, CommandResult> result) {
        rules.add(new Rule(matches, result));
        return this;
    }

    /** A failed result, as a tool exiting with {@code status} after printing {@code stderr}. */
    public static CommandResult failure(List<String> argv, int status, String stderr) {
        return new CommandResult(argv, status, "", stderr);
    }

    /** Every command so far, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The command lines so far, each joined by spaces. */
    public synchronized List<String> lines() {
        return calls.stream().map(Call::line).toList();
    }

    public synchronized void clear() {
        calls.clear();
    }

    @Override
    public synchronized CommandResult run(List<String> argv, String stdin) {
        calls.add(new Call(argv, stdin));
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).matches().test(argv)) {
                return rules.get(i).result().apply(argv);
            }
        }
        return CommandResult.ok(argv, "");
    }

    @Override
    public String toString() {
        return "recording";
    }
}
