package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.Terminals;
import io.jocker.cli.command.FakeEngine.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code save}, {@code load} and {@code import}: tar bodies both ways, progress streams, terminals. */
class SaveLoadImportCommandTest {
    private static final Terminals PIPES = Terminals.of(false, false);
    private static final String IMAGE_ID = "sha256:" + "ab".repeat(32);

    @TempDir
    Path dir;
    FakeEngine engine;
    /** Larger than one request chunk, so chunking is exercised. */
    byte[] tar;

    @BeforeEach
    void start() throws Exception {
        tar = new byte[200_000];
        new Random(7).nextBytes(tar);
        engine = new FakeEngine(dir)
                .on("GET", "/images/get", Response.bytes("application/x-tar", tar))
                .on("POST", "/images/load", Response.stream("{\"stream\":\"Loaded image: busybox:1\\n\"}",
                        "{\"stream\":\"Loaded image ID: " + IMAGE_ID + "\\n\"}"))
                .on("POST", "/images/create", Response.stream("{\"status\":\"" + IMAGE_ID + "\"}"));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void save_streamsTheEnginesTarToStdout() {
        CliRun run = run(engine, "save", "t1:latest", "bb:1");
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEqualTo(tar);
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.target()).isEqualTo("/v1.44/images/get?names=t1%3Alatest&names=bb%3A1");
        assertThat(request.params("names")).containsExactly("t1:latest", "bb:1");
    }

    @Test
    void save_toATerminal_refusesWithoutCallingTheEngine() {
        CliRun run = run(engine, new byte[0], Terminals.of(false, true), "save", "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void saveOutput_writesTheFileOwnerOnly_evenFromATerminal() throws Exception {
        Path file = dir.resolve("out.tar");
        CliRun run = run(engine, new byte[0], Terminals.of(true, true), "image", "save", "-o", file.toString(), "bb:1");
        assertThat(run.exit()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(Files.readAllBytes(file)).isEqualTo(tar);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".tmp-"));
        }
    }

    @Test
    void saveOutput_missingImage_leavesNoFile() {
        engine.on("GET", "/images/get", Response.error(404, "No such image: nosuch:latest"));
        Path file = dir.resolve("out.tar");
        CliRun run = run(engine, "save", "--output", file.toString(), "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
        assertThat(file).doesNotExist();
    }

    @Test
    void saveOutput_intoAMissingDirectory() {
        CliRun run = run(engine, "save", "-o", dir.resolve("no/out.tar").toString(), "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("failed to save image: invalid output path: stat " + dir.resolve("no")
                + ": no such file or directory\n");
    }

    @Test
    void load_fromFile_sendsTheTarChunked_quietOffATerminal_printsTheStream() throws Exception {
        Path file = dir.resolve("in.tar");
        Files.write(file, tar);
        CliRun run = run(engine, "load", "-i", file.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Loaded image: busybox:1\nLoaded image ID: " + IMAGE_ID + "\n");
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.target()).isEqualTo("/v1.44/images/load?quiet=1");
        assertThat(request.chunked()).isTrue();
        assertThat(request.header("Content-Type")).isEqualTo("application/x-tar");
        assertThat(request.body()).isEqualTo(tar);
    }

    @Test
    void load_fromStdin_onATerminalOutput_asksForProgress() {
        CliRun run = run(engine, tar, Terminals.of(false, true), "image", "load");
        assertThat(run.exit()).isZero();
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.param("quiet")).isEqualTo("0");
        assertThat(request.body()).isEqualTo(tar);
    }

    @Test
    void load_quietFlag() {
        run(engine, tar, Terminals.of(false, true), "load", "-q");
        assertThat(engine.onlyRequest().param("quiet")).isEqualTo("1");
    }

    @Test
    void load_fromATerminal_refuses() {
        CliRun run = run(engine, new byte[0], Terminals.of(true, true), "load");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("requested load from stdin, but stdin is empty\n");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void load_missingFile() {
        CliRun run = run(engine, "load", "--input", "nosuch.tar");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("open nosuch.tar: no such file or directory\n");
    }

    @Test
    void load_errorInTheStream_isPrintedAsTheEngineWroteIt() {
        engine.on("POST", "/images/load", Response.stream("{\"stream\":\"Loading layer\\n\"}",
                "{\"errorDetail\":{\"message\":\"archive/tar: invalid tar header\"},"
                        + "\"error\":\"archive/tar: invalid tar header\"}"));
        CliRun run = run(engine, "hello".getBytes(StandardCharsets.UTF_8), PIPES, "load");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Loading layer\n");
        assertThat(run.err()).isEqualTo("archive/tar: invalid tar header\n");
    }

    @Test
    void load_engineRefusesBeforeReadingTheBody_showsItsAnswer() {
        engine.on("POST", "/images/load", Response.error(400, "bad request").answeringEarly());
        byte[] big = new byte[16 << 20]; // more than socket buffers hold: writing it fails half-way
        CliRun run = run(engine, big, PIPES, "load");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: bad request\n");
    }

    @Test
    void load_withArguments_isDockersError() {
        CliRun run = run(engine, "load", "x.tar");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("jocker: 'jocker load' accepts no arguments\n\nUsage:  jocker load [OPTIONS]");
    }

    @Test
    void import_fromStdin_sendsTheQueryAndBody_printsTheId() {
        CliRun run = run(engine, tar, PIPES, "import", "-c", "ENV A=1", "--change", "CMD [\"sh\"]", "-m", "imported",
                "-", "dpimport:1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(IMAGE_ID + "\n");
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.path()).isEqualTo("/images/create");
        assertThat(request.query()).isEqualTo("changes=ENV+A%3D1&changes=CMD+%5B%22sh%22%5D&fromSrc=-"
                + "&message=imported&repo=dpimport%3A1");
        assertThat(request.header("Content-Type")).isEqualTo("text/plain");
        assertThat(request.chunked()).isTrue();
        assertThat(request.body()).isEqualTo(tar);
    }

    @Test
    void import_fromFile_withoutRepository() throws Exception {
        Path file = dir.resolve("rootfs.tar");
        Files.write(file, tar);
        CliRun run = run(engine, "image", "import", file.toString());
        assertThat(run.exit()).isZero();
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.query()).isEqualTo("fromSrc=-");
        assertThat(request.body()).isEqualTo(tar);
    }

    @Test
    void import_fromUrl_letsTheEngineFetch() {
        run(engine, "import", "http://example.test/rootfs.tar", "x");
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.param("fromSrc")).isEqualTo("http://example.test/rootfs.tar");
        assertThat(request.param("repo")).isEqualTo("x");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void import_badRepository_failsBeforeTheCall() {
        CliRun run = run(engine, tar, PIPES, "import", "-", "Bad");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("invalid reference format: repository name (library/Bad) must be lowercase\n");
        assertThat(engine.requests()).isEmpty();
    }
}
