package io.jocker.cli;

import io.jocker.api.types.host.HostAddress;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.cli.command.EventsCommand;
import io.jocker.cli.command.InfoCommand;
import io.jocker.cli.command.VersionCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;

/**
 * The jocker command line: global flags, then a command and its flags. {@code jocker daemon} never
 * reaches this class: the launcher starts the daemon's own entry point, so the client's class path
 * stays small.
 *
 * <p>Flags are parsed with Apache Commons CLI rather than picocli (ARCHITECTURE.md, "Chosen
 * dependencies"): picocli ships Java 5 class files, which the JDK's AOT cache cannot store, and its
 * model took about 100 ms of every invocation. Exit codes follow the docker CLI: 0 success, 1 a
 * failed command or an error from the engine, 125 bad usage.
 */
public final class Main {
    private static final Options GLOBAL = new Options()
            .addOption(Option.builder("H").longOpt("host").hasArg().argName("string")
                    .desc("Daemon socket to connect to (default unix:///run/jocker.sock, or $JOCKER_HOST)").build())
            .addOption(Option.builder().longOpt("config").hasArg().argName("string")
                    .desc("Location of client config files (default \"~/.jocker\")").build())
            .addOption(Option.builder("D").longOpt("debug").desc("Enable debug mode").build())
            .addOption(Option.builder("l").longOpt("log-level").hasArg().argName("string")
                    .desc("Set the logging level (\"debug\"|\"info\"|\"warn\"|\"error\"|\"fatal\") (default \"info\")").build())
            .addOption(Option.builder("v").longOpt("version").desc("Print version information and quit").build())
            .addOption(Option.builder("h").longOpt("help").desc("Print usage").build());

    /** Set by the launcher for the run that records the AOT cache (see {@link #train}). */
    static final String TRAINING_ENV = "JOCKER_AOT_TRAINING";

    private static final List<CliCommand> COMMANDS = List.of(new VersionCommand(), new InfoCommand(),
            new EventsCommand());
    /** {@code jocker system X}: the long names of some commands, as in the docker CLI. */
    private static final List<CliCommand> SYSTEM_COMMANDS = List.of(new InfoCommand(), new EventsCommand());

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), out, err, Clock.systemUTC());
        out.flush();
        System.exit(code);
    }

    /** Runs one command line; everything it needs from the outside is a parameter, for tests. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        CommandLine global;
        try {
            global = DefaultParser.builder().build().parse(GLOBAL, args, true);
        } catch (ParseException e) {
            return usageError(e, "jocker", err);
        }
        if ("1".equals(env.get(TRAINING_ENV))) {
            return train(args, global.getArgList().size(), env, clock);
        }
        List<String> rest = global.getArgList();
        if (global.hasOption("version")) {
            out.println("Jocker version " + ClientVersion.version() + ", build " + ClientVersion.gitCommit());
            return 0;
        }
        if (rest.isEmpty() || global.hasOption("help")) {
            out.print(Usage.of("[OPTIONS] COMMAND", "A self-sufficient runtime for containers", GLOBAL, COMMANDS));
            return 0;
        }
        String prefix = "";
        List<CliCommand> table = COMMANDS;
        if (rest.get(0).equals("system")) {
            prefix = "system ";
            table = SYSTEM_COMMANDS;
            rest = rest.subList(1, rest.size());
            if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
                out.print(Usage.of("system COMMAND", "Manage jocker", new Options(), table));
                return 0;
            }
        }
        CliCommand command = find(table, rest.get(0));
        if (command == null) {
            err.println("jocker: '" + prefix + rest.get(0) + "' is not a jocker command.");
            err.println("See 'jocker --help'");
            return 1;
        }
        String qualified = "jocker " + prefix + command.name();
        Options options = command.options();
        options.addOption(Option.builder("h").longOpt("help").desc("Print usage").build());
        CommandLine flags;
        try {
            flags = DefaultParser.builder().build().parse(options, rest.subList(1, rest.size()).toArray(String[]::new));
        } catch (ParseException e) {
            return usageError(e, qualified, err);
        }
        if (flags.hasOption("help")) {
            out.print(Usage.of(prefix + command.usage(), command.summary(), options, List.of()));
            return 0;
        }
        HostAddress address;
        try {
            address = address(global, env);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (CliContext context = new CliContext(address, configDir(global, env), global.hasOption("debug"), out, err,
                clock)) {
            return command.run(context, flags);
        } catch (IllegalArgumentException e) {
            // Bad values found while running (a time, a template): the user's text, exit 1.
            out.flush();
            err.println(e.getMessage());
            return 1;
        } catch (EngineConnectionException e) {
            out.flush();
            err.println(e.getMessage());
            return 1;
        } catch (EngineResponseException e) {
            out.flush();
            err.println("Error response from daemon: " + e.getMessage());
            return 1;
        } catch (CliFailure e) {
            out.flush();
            err.println(e.getMessage());
            return e.exitCode();
        } catch (UncheckedIOException e) {
            out.flush();
            err.println("error: " + e.getCause().getMessage());
            return 1;
        }
    }

    /**
     * The launcher's training run for the JDK AOT cache: the same global flags (so the same
     * engine), then read-only commands whose classes make a useful cache, output discarded.
     * Exit 0 only if the engine answered, so a cache is never built from an error path.
     */
    private static int train(String[] args, int commandWords, Map<String, String> env, Clock clock) {
        String[] globals = Arrays.copyOf(args, args.length - commandWords);
        Map<String, String> quiet = new java.util.HashMap<>(env);
        quiet.remove(TRAINING_ENV);
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int status = 0;
        for (String[] command : List.of(new String[] {"version"}, new String[] {"info"},
                new String[] {"version", "--format", "{{json .}}"},
                new String[] {"events", "--since", "1s", "--until", "0s"})) {
            String[] line = Arrays.copyOf(globals, globals.length + command.length);
            System.arraycopy(command, 0, line, globals.length, command.length);
            status |= run(line, quiet, sink, sink, clock);
        }
        return status;
    }

    private static CliCommand find(List<CliCommand> table, String name) {
        for (CliCommand command : table) {
            if (command.name().equals(name)) {
                return command;
            }
        }
        return null;
    }

    /** The engine address: {@code -H}, else {@code JOCKER_HOST}, else the default socket. */
    static HostAddress address(CommandLine global, Map<String, String> env) {
        String value = global.getOptionValue("host", env.getOrDefault("JOCKER_HOST", ""));
        return HostAddress.parse(value.isEmpty() ? HostAddress.DEFAULT : value);
    }

    static Path configDir(CommandLine global, Map<String, String> env) {
        String value = global.getOptionValue("config", env.getOrDefault("JOCKER_CONFIG", ""));
        return value.isEmpty() ? Path.of(System.getProperty("user.home"), ".jocker") : Path.of(value);
    }

    /** The docker CLI's shape for usage errors: the problem, a pointer to help, exit 125. */
    private static int usageError(ParseException e, String command, PrintStream err) {
        String message = switch (e) {
            case UnrecognizedOptionException u -> "unknown flag: " + u.getOption();
            case MissingArgumentException m -> "flag needs an argument: " + flagName(m.getOption());
            default -> e.getMessage();
        };
        err.println(message);
        err.println("See '" + command + " --help'.");
        return 125;
    }

    private static String flagName(Option option) {
        return option.getLongOpt() != null ? "--" + option.getLongOpt() : "-" + option.getOpt();
    }
}
