package io.jocker.cli.command;

import io.jocker.api.client.EngineClient;
import io.jocker.cli.CliContext;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code --sig-proxy}: signals this process receives while attached are sent to the container
 * ({@code POST /containers/{id}/kill?signal=}) instead of ending the client, as docker/cli
 * container/signals.go ForwardAllSignals does. The JVM lets a program catch only some signals
 * (not SIGQUIT, which it keeps for thread dumps, nor SIGKILL/SIGSTOP, which nobody can), so
 * INT, TERM, HUP and USR1 are forwarded. Closing restores the previous handlers.
 * Thread-safe.
 */
final class SignalProxy implements AutoCloseable {
    private static final List<String> FORWARDED = List.of("INT", "TERM", "HUP", "USR1");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private SignalProxy() {}

    static SignalProxy none() {
        return new SignalProxy();
    }

    static SignalProxy start(CliContext context, String id) {
        SignalProxy proxy = new SignalProxy();
        for (String name : FORWARDED) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, s -> forward(context, id, s.getName()));
                proxy.signals.add(signal);
                proxy.previous.add(old);
            } catch (IllegalArgumentException e) {
                // the JVM keeps this signal for itself (e.g. with -Xrs); it is not forwarded
            }
        }
        return proxy;
    }

    private static void forward(CliContext context, String id, String name) {
        // a client of its own: the command's client is busy on the main thread
        try (EngineClient client = new EngineClient(context.address())) {
            client.killContainer(id, "SIG" + name);
        } catch (RuntimeException e) {
            context.err().println("Error sending signal: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
