package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.command.FakeEngine.Response;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jocker rmi} and {@code jocker tag} against a fake engine. */
class RemoveAndTagCommandTest {
    private static final String DELETED = "sha256:d681824f9cdd2e1a4b1c5c0cd4b0c7a05f6e0c7b8f3a1b2c3d4e5f60718293a4";

    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir)
                .on("DELETE", "/images/t1:other", Response.json("[{\"Untagged\":\"t1:other\"},{\"Deleted\":\""
                        + DELETED + "\"}]"))
                .on("DELETE", "/images/t1:retag", Response.json("[{\"Untagged\":\"t1:retag\"}]"))
                .on("DELETE", "/images/nosuch", Response.error(404, "No such image: nosuch:latest"))
                .on("DELETE", "/images/busy", Response.error(409, "conflict: unable to delete b2c4bc22874d "
                        + "(cannot be forced) - image has dependent child images"))
                .on("POST", "/images/bb:1/tag", Response.empty(201));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void rmi_printsUntaggedAndDeleted() {
        CliRun run = run(engine, "rmi", "t1:other", "t1:retag");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("Untagged: t1:other\nDeleted: " + DELETED + "\nUntagged: t1:retag\n");
        assertThat(engine.requests()).extracting(FakeEngine.Request::target)
                .containsExactly("/v1.44/images/t1:other", "/v1.44/images/t1:retag");
    }

    @Test
    void rmi_continuesAfterAFailure_thenExits1WithAllErrors() {
        CliRun run = run(engine, "image", "rm", "nosuch", "t1:retag", "busy");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Untagged: t1:retag\n");
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n"
                + "Error response from daemon: conflict: unable to delete b2c4bc22874d (cannot be forced) - "
                + "image has dependent child images\n");
    }

    @Test
    void rmi_forceWithOnlyMissingImages_warnsAndExits0() {
        CliRun run = run(engine, "image", "remove", "-f", "--no-prune", "nosuch");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
        assertThat(engine.onlyRequest().query()).isEqualTo("force=1&noprune=1");
    }

    @Test
    void rmi_forceWithAConflict_stillExits1() {
        CliRun run = run(engine, "rmi", "-f", "nosuch", "busy");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void rmi_withoutArguments_isDockersError() {
        CliRun run = run(engine, "rmi");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jocker: 'jocker rmi' requires at least 1 argument\n\n"
                + "Usage:  jocker rmi [OPTIONS] IMAGE [IMAGE...]\n\nSee 'jocker rmi --help' for more information\n");
    }

    @Test
    void tag_sendsTheNormalisedRepositoryAndTag() {
        CliRun run = run(engine, "tag", "bb:1", "x:1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/v1.44/images/bb:1/tag?repo=docker.io%2Flibrary%2Fx&tag=1");
        assertThat(request.param("repo")).isEqualTo("docker.io/library/x");
        assertThat(request.header("Content-Length")).isEqualTo("0");
    }

    @Test
    void tag_bareTarget_getsLatest_registryKeepsItsHost() {
        run(engine, "image", "tag", "bb:1", "127.0.0.1:5555/dp/x");
        FakeEngine.Request request = engine.onlyRequest();
        assertThat(request.param("repo")).isEqualTo("127.0.0.1:5555/dp/x");
        assertThat(request.param("tag")).isEqualTo("latest");
    }

    @Test
    void tag_invalidTarget_failsBeforeCallingTheEngine() {
        CliRun run = run(engine, "tag", "bb:1", "Bad:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error parsing reference: \"Bad:1\" is not a valid repository/tag: "
                + "invalid reference format: repository name (library/Bad) must be lowercase\n");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void tag_invalidSource_failsToo() {
        CliRun run = run(engine, "tag", "b b", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error parsing reference: \"b b\" is not a valid repository/tag: "
                + "invalid reference format\n");
    }

    @Test
    void tag_digestTarget_isRefused() {
        CliRun run = run(engine, "tag", "bb:1", "x@sha256:" + "a".repeat(64));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("refusing to create a tag with a digest reference\n");
    }

    @Test
    void tag_missingSource_isTheEnginesError() {
        CliRun run = run(engine, "tag", "nosuch", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: page not found\n");
    }

    @Test
    void tag_oneArgument_isDockersError() {
        CliRun run = run(engine, "tag", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("jocker: 'jocker tag' requires 2 arguments\n\n"
                + "Usage:  jocker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'jocker tag --help'");
    }
}
