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

/** {@code image inspect}, {@code inspect} and {@code history} against a fake engine. */
class InspectAndHistoryCommandTest {
    /** As an engine sends it: compact, with Go's escapes and a trailing newline. */
    private static final String IMAGE = "{\"Id\":\"sha256:d6\",\"RepoTags\":[\"bb:1\"],\"Comment\":\"\\u003cb\\u003e\","
            + "\"Config\":{\"Env\":[\"PATH=/bin\"],\"Labels\":{}},\"Size\":4261024}\n";

    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir)
                .on("GET", "/images/bb:1/json", Response.json(IMAGE))
                .on("GET", "/images/nosuch/json", Response.error(404, "No such image: nosuch:latest"))
                .on("GET", "/containers/bb:1/json", Response.error(404, "No such container: bb:1"))
                .on("GET", "/info", Response.json("{\"Swarm\":{\"ControlAvailable\":false}}"))
                .on("GET", "/images/bb:1/history", Response.json("""
                        [{"Id":"sha256:d681824f9cdd2e1a4b1c5c0cd4b0c7a05f6e0c7b8f3a1b2c3d4e5f60718293a4",
                          "Created":%d,"CreatedBy":"/bin/sh -c #(nop)  CMD [\\"sh\\"]","Tags":["bb:1"],"Size":0,
                          "Comment":""},
                         {"Id":"<missing>","Created":%d,"CreatedBy":"/bin/sh -c #(nop) ADD file:abc in / ",
                          "Tags":null,"Size":4261024,"Comment":""}]
                        """.formatted(NOW.getEpochSecond() - 7200, NOW.getEpochSecond() - 30 * 86400)));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void imageInspect_printsTheEnginesJsonIndentedByFourSpaces() {
        CliRun run = run(engine, "image", "inspect", "bb:1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                [
                    {
                        "Id": "sha256:d6",
                        "RepoTags": [
                            "bb:1"
                        ],
                        "Comment": "\\u003cb\\u003e",
                        "Config": {
                            "Env": [
                                "PATH=/bin"
                            ],
                            "Labels": {}
                        },
                        "Size": 4261024
                    }
                ]
                """);
        assertThat(engine.onlyRequest().target()).isEqualTo("/v1.44/images/bb:1/json");
    }

    @Test
    void imageInspect_missingImage_printsWhatWasFound_thenTheError_exit1() {
        CliRun run = run(engine, "image", "inspect", "nosuch", "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("[\n    {\n        \"Id\": \"sha256:d6\",");
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
    }

    @Test
    void imageInspect_onlyMissing_printsAnEmptyArray() {
        CliRun run = run(engine, "image", "inspect", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("[]\n");
    }

    @Test
    void imageInspect_format() {
        CliRun run = run(engine, "image", "inspect", "-f", "{{.Id}} {{index .RepoTags 0}} {{json .Config.Env}}", "bb:1");
        assertThat(run.out()).isEqualTo("sha256:d6 bb:1 [\"PATH=/bin\"]\n");
    }

    @Test
    void imageInspect_formatJson_isOneCompactArray() {
        CliRun run = run(engine, "image", "inspect", "--format", "json", "bb:1", "bb:1");
        assertThat(run.out()).isEqualTo("[" + IMAGE.strip() + "," + IMAGE.strip() + "]\n");
    }

    @Test
    void imageInspect_unknownKey_failsAsDockersMapFallback() {
        CliRun run = run(engine, "image", "inspect", "-f", "{{.Nope}}", "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("\n");
        assertThat(run.err()).isEqualTo("template parsing error: template: :1:2: executing \"\" at <.Nope>: "
                + "map has no entry for key \"Nope\"\n");
    }

    @Test
    void imageInspect_badTemplate_exits64() {
        CliRun run = run(engine, "image", "inspect", "-f", "{{.Id", "bb:1");
        assertThat(run.exit()).isEqualTo(64);
        assertThat(run.err()).startsWith("template parsing error: template: :1:");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void inspectTypeImage_asksOnlyForTheImage() {
        CliRun run = run(engine, "inspect", "--type", "image", "-f", "{{.Size}}", "bb:1");
        assertThat(run.out()).isEqualTo("4261024\n");
        assertThat(engine.onlyRequest().path()).isEqualTo("/images/bb:1/json");
    }

    @Test
    void inspectTypeImage_miss_isTheEnginesError() {
        CliRun run = run(engine, "inspect", "--type=image", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
    }

    @Test
    void inspect_withoutType_triesContainersFirst() {
        CliRun run = run(engine, "inspect", "-f", "{{.Id}}", "bb:1");
        assertThat(run.out()).isEqualTo("sha256:d6\n");
        assertThat(engine.requests()).extracting(FakeEngine.Request::path)
                .containsExactly("/containers/bb:1/json", "/images/bb:1/json");
    }

    @Test
    void inspect_nothingFound_isNoSuchObject() {
        CliRun run = run(engine, "inspect", "zzz");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("[]\n");
        assertThat(run.err()).isEqualTo("Error: No such object: zzz\n");
    }

    @Test
    void inspect_unknownType() {
        CliRun run = run(engine, "inspect", "--type", "frob", "x");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("unknown type: \"frob\": must be one of \"config\", \"container\", "
                + "\"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"\n");
    }

    @Test
    void history_defaultTable() {
        CliRun run = run(engine, "history", "bb:1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("""
                IMAGE          CREATED       CREATED BY                             SIZE      COMMENT
                d681824f9cdd   2 hours ago   /bin/sh -c #(nop)  CMD ["sh"]          0B       \s
                <missing>      4 weeks ago   /bin/sh -c #(nop) ADD file:abc in /    4.26MB   \s
                """);
        assertThat(engine.onlyRequest().target()).isEqualTo("/v1.44/images/bb:1/history");
    }

    @Test
    void history_humanFalse_andQuiet() {
        CliRun run = run(engine, "image", "history", "-H=false", "--format", "{{.CreatedSince}} {{.Size}}", "bb:1");
        assertThat(run.out()).isEqualTo("2026-05-10T10:00:00Z 0\n2026-04-10T12:00:00Z 4261024\n");
        CliRun bare = run(engine, "history", "-H", "bb:1", "-q");
        assertThat(bare.out()).isEqualTo("d681824f9cdd\n<missing>\n");
        CliRun longForm = run(engine, "history", "--human=false", "--format", "{{.Size}}", "bb:1");
        assertThat(longForm.out()).isEqualTo("0\n4261024\n");
    }

    @Test
    void history_badBoolean_isPflagsError() {
        CliRun run = run(engine, "history", "--human=maybe", "bb:1");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).startsWith("invalid argument \"maybe\" for \"-H, --human\" flag: "
                + "strconv.ParseBool: parsing \"maybe\": invalid syntax\n");
    }

    @Test
    void history_missingImage() {
        engine.on("GET", "/images/nosuch/history", Response.error(404, "No such image: nosuch:latest"));
        CliRun run = run(engine, "history", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: No such image: nosuch:latest\n");
    }
}
