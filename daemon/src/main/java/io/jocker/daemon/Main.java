package io.jocker.daemon;

import io.jocker.common.error.EngineException;
import io.jocker.daemon.config.DaemonConfig;
import io.jocker.daemon.config.DaemonConfigFile;
import io.jocker.daemon.config.DaemonOptions;
import io.jocker.daemon.logging.StderrLogging;
import io.jocker.linux.host.HostFacts;
import io.jocker.linux.host.HostProbe;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jocker daemon [flags]}: runs the daemon in the foreground until SIGTERM or SIGINT, then
 * shuts down in order. SIGHUP re-reads the config file's log level, as dockerd reloads its
 * reloadable settings.
 */
@Command(name = "jocker daemon", description = "A self-sufficient runtime for containers.", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class, sortOptions = false)
public final class Main implements Callable<Integer> {
    private static final Logger LOG = System.getLogger(Main.class.getName());

    @Mixin
    DaemonOptions options;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((e, a) -> {
            System.err.println("jocker daemon: " + e.getMessage());
            System.err.println("See 'jocker daemon --help'.");
            return 125;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        HostFacts host = HostProbe.probeThisHost();
        DaemonConfig config;
        try {
            DaemonConfigFile file = options.configFile() == null ? DaemonConfigFile.empty()
                    : DaemonConfigFile.read(options.configFile());
            config = options.resolve(file, host);
        } catch (EngineException e) {
            System.err.println("failed to start daemon: " + e.getMessage());
            return 1;
        }
        StderrLogging.install(config.logLevel());
        Daemon daemon = new Daemon(config, host, Clock.systemUTC());
        try {
            daemon.start();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "failed to start daemon: " + e.getMessage());
            System.err.println("failed to start daemon: " + e.getMessage());
            return 1;
        }
        // SIGTERM and SIGINT stop the daemon in order and exit 0, as dockerd does; the JVM's own
        // handling would exit 143. The hook covers every other way the JVM may end.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                LOG.log(Level.INFO, "Processing signal '" + (name.equals("TERM") ? "terminated" : "interrupt") + "'");
                stopRequested.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
        installReload(daemon, config);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        daemon.close();
        LOG.log(Level.INFO, "Daemon shutdown complete");
        return 0;
    }

    private static void installReload(Daemon daemon, DaemonConfig config) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
            try {
                String level = config.logLevel();
                if (config.configFile() != null) {
                    level = DaemonConfigFile.read(config.configFile()).string("log-level").orElse(level);
                }
                StderrLogging.setLevel(level);
                LOG.log(Level.INFO, "Reloaded configuration: log-level=" + level);
                daemon.reloaded(Map.of("log-level", level));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Error reloading configuration: " + e.getMessage());
            }
        });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jocker version " + JockerVersion.current() + ", build " + JockerVersion.gitCommit()};
        }
    }
}
