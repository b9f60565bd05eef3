package io.jocker.daemon.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The daemon's log: one line per record on stderr, in dockerd's logfmt shape
 * ({@code time="…" level=info msg="…"}) so the same tools read both. Every library logging through
 * java.util.logging or System.Logger (Netty included) ends up here. Thread-safe.
 */
public final class StderrLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private StderrLogging() {}

    /** Installs the handler on the root logger at the given dockerd level name. */
    public static void install(String level) {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        ConsoleHandler handler = new ConsoleHandler(); // writes to System.err
        handler.setFormatter(new LogfmtFormatter());
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        setLevel(level);
    }

    /** Changes the level at run time (SIGHUP reload). */
    public static void setLevel(String level) {
        Level julLevel = switch (level) {
            case "debug" -> Level.FINE;
            case "warn" -> Level.WARNING;
            case "error", "fatal" -> Level.SEVERE;
            default -> Level.INFO;
        };
        Logger.getLogger("").setLevel(julLevel);
        // Netty is chatty at debug; keep it at info unless asked for everything.
        Logger.getLogger("io.netty").setLevel(julLevel.intValue() < Level.INFO.intValue() ? Level.INFO : julLevel);
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (v >= Level.WARNING.intValue()) {
            return "warning";
        }
        if (v >= Level.INFO.intValue()) {
            return "info";
        }
        return "debug";
    }

    static final class LogfmtFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128);
            line.append("time=\"").append(TIME.format(record.getInstant())).append("\" level=")
                    .append(levelName(record.getLevel())).append(" msg=\"")
                    .append(escape(formatMessage(record))).append('"');
            if (record.getThrown() != null) {
                line.append(" error=\"").append(escape(String.valueOf(record.getThrown()))).append('"');
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()
                        || Logger.getLogger("").getLevel().intValue() <= Level.FINE.intValue()) {
                    java.io.StringWriter trace = new java.io.StringWriter();
                    record.getThrown().printStackTrace(new java.io.PrintWriter(trace));
                    line.append('\n').append(trace);
                }
            }
            return line.append('\n').toString();
        }

        private static String escape(String text) {
            return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        }
    }
}
