package io.jocker.cli.command;

import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.cli.CliContext;
import io.jocker.cli.CliFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One operation over several containers, as docker/cli's stop, kill, restart, rm and wait do it:
 * each in turn, what succeeded printed (the name as typed, or what the operation returns), the
 * errors collected and returned together at the end ({@code errors.Join}: one per line, exit 1).
 * Stateless.
 */
final class ContainerBatch {
    /** Whether a failure is only reported (to stderr) without failing the command. */
    @FunctionalInterface
    interface Forgiven {
        boolean test(EngineResponseException e);
    }

    private ContainerBatch() {}

    /** Runs {@code operation} for each name; it returns the line to print on success. */
    static int each(CliContext context, List<String> names, Function<String, String> operation) {
        return each(context, names, operation, e -> false);
    }

    static int each(CliContext context, List<String> names, Function<String, String> operation, Forgiven forgiven) {
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                context.out().println(operation.apply(name));
            } catch (EngineResponseException e) {
                if (forgiven.test(e)) {
                    context.out().flush();
                    context.err().println("Error response from daemon: " + e.getMessage());
                    continue;
                }
                errors.add("Error response from daemon: " + e.getMessage());
            } catch (EngineConnectionException | CliFailure e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CliFailure(1, String.join("\n", errors));
        }
        return 0;
    }
}
