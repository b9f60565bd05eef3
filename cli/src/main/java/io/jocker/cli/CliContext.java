package io.jocker.cli;

import io.jocker.api.types.host.HostAddress;
import io.jocker.api.client.EngineClient;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/**
 * What every command needs: where the engine is, a client to it (made on first use, so commands
 * that never call the engine never connect), the standard streams and whether they are
 * terminals, the clock and time zone, and how the command was invoked (for docker's usage errors).
 * Not thread-safe.
 */
public final class CliContext implements AutoCloseable {
    private final HostAddress address;
    private final Path configDir;
    private final boolean debug;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Terminals terminals;
    private final ZoneId zone;
    private final String commandPath;
    private final String usageLine;
    private final java.util.Map<String, String> env;
    private EngineClient client;

    public CliContext(HostAddress address, Path configDir, boolean debug, PrintStream out, PrintStream err,
            Clock clock) {
        this(address, configDir, debug, InputStream.nullInputStream(), out, err, clock, Terminals.of(false, false),
                null, "jocker", "jocker", java.util.Map.of());
    }

    /**
     * @param zone the zone local times are shown in, as Go's {@code time.Local}; null for the
     *     system's, looked up only when a command shows a local time
     * @param commandPath e.g. "jocker image rm", as the docker CLI names a command in errors
     * @param usageLine e.g. "jocker image rm [OPTIONS] IMAGE [IMAGE...]"
     * @param env the client's environment variables
     */
    public CliContext(HostAddress address, Path configDir, boolean debug, InputStream in, PrintStream out,
            PrintStream err, Clock clock, Terminals terminals, ZoneId zone, String commandPath, String usageLine,
            java.util.Map<String, String> env) {
        this.address = address;
        this.configDir = configDir;
        this.debug = debug;
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.terminals = terminals;
        this.zone = zone;
        this.commandPath = commandPath;
        this.usageLine = usageLine;
        this.env = java.util.Map.copyOf(env);
    }

    /** The client's environment ({@code -e NAME} takes the value from here). */
    public java.util.Map<String, String> env() {
        return env;
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

    public InputStream in() {
        return in;
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

    public Terminals terminals() {
        return terminals;
    }

    /** The zone for local times (Go's {@code time.Local}). */
    public ZoneId zone() {
        return zone != null ? zone : ZoneId.systemDefault();
    }

    /** The command as docker's errors name it, e.g. "jocker image rm". */
    public String commandPath() {
        return commandPath;
    }

    /** The usage line as docker's errors show it, e.g. "jocker image rm [OPTIONS] IMAGE [IMAGE...]". */
    public String usageLine() {
        return usageLine;
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
