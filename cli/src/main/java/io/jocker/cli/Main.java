package io.jocker.cli;

import io.jocker.api.types.host.HostAddress;
import io.jocker.api.client.EngineConnectionException;
import io.jocker.api.client.EngineResponseException;
import io.jocker.cli.command.AttachCommand;
import io.jocker.cli.command.ContainerInspectCommand;
import io.jocker.cli.command.CreateCommand;
import io.jocker.cli.command.EventsCommand;
import io.jocker.cli.command.KillCommand;
import io.jocker.cli.command.LogsCommand;
import io.jocker.cli.command.PsCommand;
import io.jocker.cli.command.RemoveContainerCommand;
import io.jocker.cli.command.RunCommand;
import io.jocker.cli.command.StartCommand;
import io.jocker.cli.command.StopCommand;
import io.jocker.cli.command.WaitCommand;
import io.jocker.cli.command.HistoryCommand;
import io.jocker.cli.command.ImageInspectCommand;
import io.jocker.cli.command.ImagePruneCommand;
import io.jocker.cli.command.ImagesCommand;
import io.jocker.cli.command.ImportCommand;
import io.jocker.cli.command.InfoCommand;
import io.jocker.cli.command.InspectCommand;
import io.jocker.cli.command.LoadCommand;
import io.jocker.cli.command.RemoveImageCommand;
import io.jocker.cli.command.SaveCommand;
import io.jocker.cli.command.SystemCheckCommand;
import io.jocker.cli.command.TagCommand;
import io.jocker.cli.command.VersionCommand;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
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

    /** {@code jocker system X}: the long names of some commands, as in the docker CLI. */
    private static final CommandGroup SYSTEM = new CommandGroup("system", "Manage jocker",
            List.of(new InfoCommand(), new EventsCommand(), new SystemCheckCommand()));
    /** {@code jocker image X}: docker's management command for images (docker/cli image/cmd.go). */
    private static final CommandGroup IMAGE = new CommandGroup("image", "Manage images", List.of(
            new HistoryCommand(), new ImportCommand(), new ImageInspectCommand(), new LoadCommand(),
            new ImagesCommand("ls", List.of("list")), new ImagePruneCommand(),
            new RemoveImageCommand("rm", List.of("rmi", "remove")), new SaveCommand(), new TagCommand()));

    /** {@code jocker container X}: docker's management command for containers (docker/cli container/cmd.go). */
    private static final CommandGroup CONTAINER = new CommandGroup("container", "Manage containers", List.of(
            new AttachCommand(), new CreateCommand(), new ContainerInspectCommand(), new KillCommand(),
            new LogsCommand(), new PsCommand("ls", List.of("list", "ps")),
            new RemoveContainerCommand("rm", List.of("remove")), new StopCommand(true), new RunCommand(),
            new StartCommand(), new StopCommand(false), new WaitCommand()));

    private static final List<CliCommand> COMMANDS = List.of(new RunCommand(), new PsCommand("ps", List.of()),
            new CreateCommand(), new StartCommand(), new StopCommand(false), new StopCommand(true), new KillCommand(),
            new WaitCommand(), new RemoveContainerCommand("rm", List.of()), new LogsCommand(), new AttachCommand(),
            new VersionCommand(), new InfoCommand(),
            new EventsCommand(), new ImagesCommand("images", List.of()), new InspectCommand(),
            new RemoveImageCommand("rmi", List.of()), new TagCommand(), new HistoryCommand(), new SaveCommand(),
            new LoadCommand(), new ImportCommand(), CONTAINER, IMAGE, SYSTEM);

    private Main() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), System.in, out, err, Clock.systemUTC(), Terminals.system(), null);
        out.flush();
        System.exit(code);
    }

    /** Runs one command line with no input and no terminal; see the full overload. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        return run(args, env, InputStream.nullInputStream(), out, err, clock, Terminals.of(false, false), null);
    }

    /**
     * Runs one command line; everything it needs from the outside is a parameter, for tests.
     *
     * @param zone the zone for local times; null for the system's
     */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
            Clock clock, Terminals terminals, ZoneId zone) {
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
        CliCommand command = find(COMMANDS, rest.get(0));
        if (command == null) {
            err.println("jocker: '" + rest.get(0) + "' is not a jocker command.");
            err.println("See 'jocker --help'");
            return 1;
        }
        while (command instanceof CommandGroup group) {
            prefix += group.name() + " ";
            rest = rest.subList(1, rest.size());
            if (rest.isEmpty() || rest.get(0).equals("--help") || rest.get(0).equals("-h")) {
                out.print(Usage.of(group.usage(), group.summary(), new Options(), group.commands()));
                return 0;
            }
            command = find(group.commands(), rest.get(0));
            if (command == null) {
                // docker/cli cli/required.go NoArgs, for a command with subcommands
                err.println("jocker: unknown command: jocker " + prefix + rest.get(0) + "\n\nUsage:  jocker "
                        + group.usage() + "\n\nRun 'jocker " + prefix.strip() + " --help' for more information");
                return 1;
            }
        }
        String qualified = "jocker " + prefix + command.name();
        Options options = command.options();
        // run and create have -h for --hostname, so only --help there, as in docker
        options.addOption((options.hasShortOption("h") ? Option.builder() : Option.builder("h")).longOpt("help")
                .desc("Print usage").build());
        CommandLine flags;
        try {
            boolean stop = command.stopsAtFirstArgument();
            String[] words = BooleanFlags.normalize(options, rest.subList(1, rest.size()), stop);
            flags = DefaultParser.builder().build().parse(options, words, stop);
            BooleanFlags.check(options, flags);
        } catch (ParseException e) {
            return usageError(e, qualified, err);
        } catch (CliFailure e) {
            err.println(e.getMessage());
            err.println("See '" + qualified + " --help'.");
            return e.exitCode();
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
        try (CliContext context = new CliContext(address, configDir(global, env), global.hasOption("debug"), in, out,
                err, clock, terminals, zone, qualified, "jocker " + prefix + command.usage(), env)) {
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
            // An error inside a progress stream is shown as the engine wrote it (docker's jsonmessage).
            err.println(e.isStreamed() ? e.getMessage() : "Error response from daemon: " + e.getMessage());
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
     * Exit 0 only if the engine answered, so a cache is never built from an error path. Then the
     * container path as far as it goes without changing anything: a {@code run} of an image that
     * cannot exist (the engine answers 404 to its create), whose outcome does not count.
     */
    private static String[] withGlobals(String[] globals, String[] command) {
        String[] line = Arrays.copyOf(globals, globals.length + command.length);
        System.arraycopy(command, 0, line, globals.length, command.length);
        return line;
    }

    private static int train(String[] args, int commandWords, Map<String, String> env, Clock clock) {
        String[] globals = Arrays.copyOf(args, args.length - commandWords);
        Map<String, String> quiet = new java.util.HashMap<>(env);
        quiet.remove(TRAINING_ENV);
        PrintStream sink = new PrintStream(java.io.OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        int status = 0;
        for (String[] command : List.of(new String[] {"version"}, new String[] {"info"},
                new String[] {"version", "--format", "{{json .}}"},
                new String[] {"events", "--since", "1s", "--until", "0s"}, new String[] {"ps", "-a"},
                new String[] {"ps", "-a", "--format", "{{.Names}} {{.Status}}"}, new String[] {"images"})) {
            status |= run(withGlobals(globals, command), quiet, sink, sink, clock);
        }
        if (status == 0) {
            run(withGlobals(globals, new String[] {"run", "--rm", "-e", "A=1", "--name", "jocker-aot-training",
                    "jocker-aot-training.invalid/none:none", "true"}), quiet, sink, sink, clock);
        }
        return status;
    }

    private static CliCommand find(List<CliCommand> table, String name) {
        for (CliCommand command : table) {
            if (command.name().equals(name) || command.aliases().contains(name)) {
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
