package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.Terminals;
import io.jocker.cli.command.FakeEngine.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jocker image prune} against a fake engine. */
class ImagePruneCommandTest {
    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir).on("POST", "/images/prune", Response.json(
                "{\"ImagesDeleted\":[{\"Untagged\":\"t1:latest\"},{\"Deleted\":\"sha256:d6\"}],"
                        + "\"SpaceReclaimed\":4261024}"));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void force_prunesDanglingImages_andReportsLikeDocker() {
        CliRun run = run(engine, "image", "prune", "-f");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Deleted Images:\nuntagged: t1:latest\ndeleted: sha256:d6\n\n"
                + "Total reclaimed space: 4.261MB\n");
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.param("filters")).isEqualTo("{\"dangling\":{\"true\":true}}");
    }

    @Test
    void all_sendsDanglingFalse_withTheUsersFilters() {
        run(engine, "image", "prune", "-a", "-f", "--filter", "until=24h", "--filter", "label=x");
        assertThat(engine.onlyRequest().param("filters"))
                .isEqualTo("{\"dangling\":{\"false\":true},\"label\":{\"x\":true},\"until\":{\"24h\":true}}");
    }

    @Test
    void nothingDeleted_reportsZero() {
        engine.on("POST", "/images/prune", Response.json("{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}"));
        CliRun run = run(engine, "image", "prune", "--force");
        assertThat(run.out()).isEqualTo("Total reclaimed space: 0B\n");
    }

    @Test
    void withoutForce_asksAndGoesOnForY() {
        CliRun run = run(engine, "y\n".getBytes(StandardCharsets.UTF_8), Terminals.of(true, true), "image", "prune");
        assertThat(run.out()).startsWith("WARNING! This will remove all dangling images.\n"
                + "Are you sure you want to continue? [y/N] Deleted Images:\n");
        assertThat(engine.requests()).hasSize(1);
    }

    @Test
    void withoutForce_anythingElse_orNoInput_cancelsQuietly() {
        CliRun no = run(engine, "n\n".getBytes(StandardCharsets.UTF_8), Terminals.of(true, true), "image", "prune", "-a");
        assertThat(no.exit()).isZero();
        assertThat(no.out()).isEqualTo("WARNING! This will remove all images without at least one container "
                + "associated to them.\nAre you sure you want to continue? [y/N] ");
        CliRun eof = run(engine, "image", "prune");
        assertThat(eof.exit()).isZero();
        assertThat(eof.err()).isEmpty();
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void badFilter_isAUsageError() {
        CliRun run = run(engine, "image", "prune", "--filter", "until");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).startsWith("invalid argument \"until\" for \"--filter\" flag:");
    }
}
