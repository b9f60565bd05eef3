package io.jocker.cli.command;

import io.jocker.cli.Main;
import io.jocker.cli.Terminals;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** One jocker command line run in-process against a {@link FakeEngine}, with its output and exit code. */
record CliRun(int exit, byte[] stdout, String err) {
    /** The fixed "now" of every run. */
    static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");

    String out() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    static CliRun run(FakeEngine engine, String... args) {
        return run(engine, new byte[0], Terminals.of(false, false), args);
    }

    static CliRun run(FakeEngine engine, byte[] stdin, Terminals terminals, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, false, StandardCharsets.UTF_8);
        int exit = Main.run(args, Map.of("JOCKER_HOST", engine.host()), new ByteArrayInputStream(stdin), outStream,
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC), terminals,
                ZoneOffset.UTC);
        outStream.flush();
        return new CliRun(exit, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
