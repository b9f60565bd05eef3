package io.jocker.cli;

import io.jocker.api.types.host.HostAddress;
import io.jocker.api.client.EngineClient;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * What every command needs: where the engine is, a client to it (made on first use, so commands
 * that never call the engine never connect), the output streams and the clock. Not thread-safe.
 */
public final class CliContext implements AutoCloseable {
    private final HostAddress address;
    private final Path configDir;
    private final boolean debug;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private EngineClient client;

    public CliContext(HostAddress address, Path configDir, boolean debug, PrintStream out, PrintStream err,
            Clock clock) {
        this.address = address;
        this.configDir = configDir;
        this.debug = debug;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public EngineClient client() {
        if (client == null) {
            client = new EngineClient(address);
        }
        return client;
    }

    public HostAddress address() {
        return address;
    }

    public Path configDir() {
        return configDir;
    }

    public boolean debug() {
        return debug;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Clock clock() {
        return clock;
    }

    /** The context name the docker CLI prints; jocker has no contexts yet, so it is always "default". */
    public String contextName() {
        return "default";
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
