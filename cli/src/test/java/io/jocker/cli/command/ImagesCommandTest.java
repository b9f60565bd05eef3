package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.NOW;
import static io.jocker.cli.command.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.command.FakeEngine.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jocker images} / {@code image ls} against a fake engine: requests sent, output, exit codes. */
class ImagesCommandTest {
    private static final String ID = "sha256:d681824f9cdd2e1a4b1c5c0cd4b0c7a05f6e0c7b8f3a1b2c3d4e5f60718293a4";
    private static final String LIST = """
            [{"Containers":-1,"Created":%d,"Id":"%s","Labels":{},"ParentId":"","RepoDigests":[],
              "RepoTags":["busybox:1","127.0.0.1:5555/dp/rnd:1"],"SharedSize":-1,"Size":4261024},
             {"Containers":-1,"Created":%d,"Id":"sha256:6d1c0a8b7e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3",
              "Labels":null,"ParentId":"","RepoDigests":[],"RepoTags":[],"SharedSize":-1,"Size":1985480}]
            """.formatted(NOW.getEpochSecond() - 2 * 86400, ID, NOW.getEpochSecond() - 3600);

    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir).on("GET", "/images/json", Response.json(LIST));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void images_defaultTable_asDockerPrintsIt() {
        CliRun run = run(engine, "images");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                REPOSITORY              TAG       IMAGE ID       CREATED             SIZE
                busybox                 1         d681824f9cdd   2 days ago          4.26MB
                127.0.0.1:5555/dp/rnd   1         d681824f9cdd   2 days ago          4.26MB
                <none>                  <none>    6d1c0a8b7e2f   About an hour ago   1.99MB
                """);
        assertThat(run.err()).isEmpty();
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/v1.44/images/json");
    }

    @Test
    void imageLs_allAndNameAndFilters_sendTheCliQuery() {
        CliRun run = run(engine, "image", "ls", "-a", "-f", "dangling=false", "--filter", "Label = a=b", "busy*");
        assertThat(run.exit()).isZero();
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.param("all")).isEqualTo("1");
        assertThat(request.param("filters"))
                .isEqualTo("{\"dangling\":{\"false\":true},\"label\":{\"a=b\":true},\"reference\":{\"busy*\":true}}");
        assertThat(request.query()).startsWith("all=1&filters=%7B%22dangling%22");
    }

    @Test
    void imageList_alias_quiet_printsIdsOnly() {
        CliRun run = run(engine, "image", "list", "-q");
        assertThat(run.out()).isEqualTo("d681824f9cdd\nd681824f9cdd\n6d1c0a8b7e2f\n");
    }

    @Test
    void images_noTruncFormat() {
        CliRun run = run(engine, "images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        assertThat(run.out()).isEqualTo("busybox:1 " + ID + "\n127.0.0.1:5555/dp/rnd:1 " + ID + "\n"
                + "<none>:<none> sha256:6d1c0a8b7e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3\n");
    }

    @Test
    void images_jsonFormat_onePerLine() {
        CliRun run = run(engine, "images", "--format", "json");
        assertThat(run.out().lines()).hasSize(3).first().asString()
                .startsWith("{\"Containers\":\"N/A\",\"CreatedAt\":\"2026-05-08 12:00:00 +0000 UTC\",")
                .contains("\"Digest\":\"\\u003cnone\\u003e\"");
    }

    @Test
    void images_unknownField_failsLikeDocker() {
        CliRun run = run(engine, "images", "--format", "{{.Nope}}");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("template parsing error: template: :1:2: executing \"\" at <.Nope>: "
                + "can't evaluate field Nope in type *formatter.imageContext\n");
    }

    @Test
    void images_badFilter_isAUsageError() {
        CliRun run = run(engine, "images", "-f", "dangling");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).startsWith("invalid argument \"dangling\" for \"-f, --filter\" flag: "
                + "bad format of filter (expected name=value)\n\nUsage:  jocker images [OPTIONS] [REPOSITORY[:TAG]]");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void images_twoNames_isDockersArgumentError() {
        CliRun run = run(engine, "images", "a", "b");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jocker: 'jocker images' requires at most 1 argument\n\n"
                + "Usage:  jocker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
                + "SRun 'jocker images --help' for more information\n");
    }

    @Test
    void images_subcommandNameFindingNothing_hintsAtImageSubcommand() {
        engine.on("GET", "/images/json", Response.json("[]"));
        CliRun run = run(engine, "images", "ls");
        assertThat(run.out()).isEqualTo("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
        assertThat(run.err()).isEqualTo("\nNo images found matching \"ls\": did you mean \"jocker image ls\"?\n");
    }

    @Test
    void images_engineError_exit1() {
        engine.on("GET", "/images/json", Response.error(400, "Invalid filter 'nosuch'"));
        CliRun run = run(engine, "images", "-f", "nosuch=1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: Invalid filter 'nosuch'\n");
    }

    @Test
    void image_unknownSubcommand_isDockersError() {
        CliRun run = run(engine, "image", "frob");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jocker: unknown command: jocker image frob\n\nUsage:  jocker image COMMAND\n\n"
                + "Run 'jocker image --help' for more information\n");
    }

    @Test
    void image_alone_listsItsCommands() {
        CliRun run = run(engine, "image");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage:  jocker image COMMAND", "Manage images", "  ls ", "  prune ");
    }
}
