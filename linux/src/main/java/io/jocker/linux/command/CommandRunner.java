package io.jocker.linux.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs host tools. A command is an argument vector (no shell, so nothing is ever re-split or
 * expanded) and an optional standard input, which is how {@code ip -batch -} and {@code
 * iptables-restore} take many changes in one process. A non-zero exit is a result, not an error:
 * callers decide which failures they expect ({@code RTNETLINK answers: File exists}) and call
 * {@link CommandResult#orThrow()} for the rest.
 *
 * <p>Example, one veth pair in one process:
 * <pre>{@code
 * CommandRunner host = CommandRunner.local();
 * host.run(List.of("ip", "-batch", "-"), "link add vh1 type veth peer name eth0 netns /run/x/ns\n")
 *         .orThrow();
 * host.inNetworkNamespace(Path.of("/run/x/ns")).run(List.of("ip", "link", "set", "lo", "up"), null);
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface CommandRunner {
    /** The default limit on a command's run time. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Real processes on this host, each limited to {@link #DEFAULT_TIMEOUT}. */
    static CommandRunner local() {
        return ProcessCommandRunner.INSTANCE;
    }

    /** Real processes on this host, each limited to {@code timeout}. */
    static CommandRunner local(Duration timeout) {
        return new ProcessCommandRunner(timeout);
    }

    /**
     * Runs {@code argv} to completion.
     *
     * @param stdin the text for its standard input, or null for none (/dev/null)
     * @throws CommandException when the program cannot be started or outlives its time limit (it is
     *     then killed); the result's status is -1 then
     */
    CommandResult run(List<String> argv, String stdin);

    /**
     * A runner whose commands run inside the network namespace {@code netnsFile} (a bind-mounted
     * nsfs file such as {@code /run/netns/NAME}), through {@code nsenter --net=FILE}. Composes: a
     * runner already inside a "host" namespace enters the container's namespace from there, which
     * is how tests keep a whole network inside a namespace of their own.
     */
    default CommandRunner inNetworkNamespace(Path netnsFile) {
        CommandRunner outer = this;
        String enter = "--net=" + netnsFile;
        return new CommandRunner() {
            @Override
            public CommandResult run(List<String> argv, String stdin) {
                List<String> wrapped = new ArrayList<>(argv.size() + 3);
                wrapped.add("nsenter");
                wrapped.add(enter);
                wrapped.add("--");
                wrapped.addAll(argv);
                return outer.run(wrapped, stdin);
            }

            @Override
            public String toString() {
                return outer + " in " + netnsFile;
            }
        };
    }
}
