package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.run;
import static io.jocker.cli.command.RunCommandTest.ID;
import static io.jocker.cli.command.RunCommandTest.concat;
import static io.jocker.cli.command.RunCommandTest.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.cli.command.FakeEngine.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ps, stop, restart, kill, wait, rm, start, logs, attach and inspect against a fake engine. */
class ContainerCommandsTest {
    /** Created 2 hours before CliRun.NOW. */
    private static final String LIST = "[{\"Id\":\"" + ID + "\",\"Names\":[\"/web1\"],\"Image\":\"bb:1\","
            + "\"ImageID\":\"sha256:b2c4bc22874d0000000000000000000000000000000000000000000000000000\","
            + "\"Command\":\"httpd -f -p 80 -h /var/www/html\",\"Created\":1778407200,"
            + "\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
            + "{\"IP\":\"::\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
            + "{\"PrivatePort\":443,\"Type\":\"tcp\"},{\"PrivatePort\":444,\"Type\":\"tcp\"}],"
            + "\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"State\":\"running\",\"Status\":\"Up 2 hours\","
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{}}},\"SizeRw\":12,\"SizeRootFs\":4261024,"
            + "\"Mounts\":[{\"Type\":\"volume\",\"Name\":\"averyveryverylongvolumename\",\"Driver\":\"local\"}]}]";
    private static final String INSPECT = "{\"Id\":\"" + ID + "\",\"Config\":{\"Tty\":false,\"OpenStdin\":false},"
            + "\"State\":{\"Running\":true,\"Paused\":false,\"Restarting\":false},\"HostConfig\":{\"AutoRemove\":false}}";

    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir)
                .on("GET", "/containers/json", Response.json(LIST))
                .on("GET", "/containers/web1/json", Response.json(INSPECT))
                .on("GET", "/containers/nosuch/json", Response.error(404, "No such container: nosuch"))
                .on("POST", "/containers/web1/stop", Response.empty(204))
                .on("POST", "/containers/web1/restart", Response.empty(204))
                .on("POST", "/containers/web1/kill", Response.empty(204))
                .on("POST", "/containers/web1/start", Response.empty(204))
                .on("POST", "/containers/nosuch/stop", Response.error(404, "No such container: nosuch"))
                .on("POST", "/containers/nosuch/start", Response.error(404, "No such container: nosuch"))
                .on("POST", "/containers/web1/wait", Response.stream("{\"Error\":null,\"StatusCode\":7}"))
                .on("DELETE", "/containers/web1", Response.empty(204))
                .on("DELETE", "/containers/nosuch", Response.error(404, "No such container: nosuch"))
                .on("POST", "/containers/" + ID + "/wait", Response.stream("{\"Error\":null,\"StatusCode\":2}"))
                .on("POST", "/containers/" + ID + "/start", Response.empty(204))
                .on("POST", "/containers/" + ID + "/attach", Response.upgraded(RunCommandTest.MULTIPLEXED,
                        concat(frame(1, "o\n"), frame(2, "e\n"))))
                .on("GET", "/containers/web1/logs", Response.bytes(RunCommandTest.MULTIPLEXED,
                        concat(frame(1, "line1\n"), frame(2, "oops\n"), frame(1, "line2\n"))));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    @Test
    void ps_printsDockersTable() {
        CliRun run = run(engine, "ps");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(
                "CONTAINER ID   IMAGE     COMMAND                  CREATED       STATUS       PORTS                "
                        + "                                  NAMES\n"
                        + "33d2a8c1f0e9   bb:1      \"httpd -f -p 80 -h /…\"   2 hours ago   Up 2 hours   "
                        + "443-444/tcp, 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web1\n");
        assertThat(engine.onlyRequest().target()).isEqualTo("/v1.44/containers/json");
    }

    @Test
    void ps_flagsBecomeTheQuery() {
        run(engine, "ps", "-a", "-s", "-n", "3", "-f", "status=exited", "-q");
        assertThat(engine.onlyRequest().query())
                .isEqualTo("all=1&filters=%7B%22status%22%3A%7B%22exited%22%3Atrue%7D%7D&limit=3&size=1");
        engine.requests();
    }

    @Test
    void ps_latest_asksForOne() {
        run(engine, "container", "ls", "-l");
        assertThat(engine.onlyRequest().query()).isEqualTo("limit=1");
    }

    @Test
    void ps_quiet_printsShortIds_andNoTruncFullOnes() {
        assertThat(run(engine, "ps", "-q").out()).isEqualTo("33d2a8c1f0e9\n");
        assertThat(run(engine, "ps", "-q", "--no-trunc").out()).isEqualTo(ID + "\n");
    }

    @Test
    void ps_formatFields() {
        CliRun run = run(engine, "ps", "--format",
                "{{.Names}}|{{.Labels}}|{{.Label \"b\"}}|{{.Label \"x\"}}|{{.Mounts}}|{{.Networks}}|{{.State}}|"
                        + "{{.LocalVolumes}}|{{.CreatedAt}}|{{.Size}}");
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("web1|a=1,b=2|2||averyveryveryl…|bridge|running|1|"
                + "2026-05-10 10:00:00 +0000 UTC|12B (virtual 4.26MB)\n");
        // .Size in the template asks for sizes
        assertThat(engine.onlyRequest().query()).isEqualTo("size=1");
    }

    @Test
    void ps_tableDirective_headsColumns_andAMethodEndsTheHeader() {
        // docker runs the header over a map, where .Label "a" fails; the header is what came before
        CliRun run = run(engine, "ps", "--format", "table {{.ID}}\\t{{.Label \"a\"}}\\t{{.RunningFor}}");
        assertThat(run.out()).isEqualTo("CONTAINER ID   \n33d2a8c1f0e9   1         2 hours ago\n");
    }

    @Test
    void ps_json_marshalsTheRow() {
        CliRun run = run(engine, "ps", "--format", "json", "--no-trunc");
        assertThat(run.out()).startsWith("{\"Command\":\"\\\"httpd -f -p 80 -h /var/www/html\\\"\",")
                .contains("\"Platform\":null").doesNotContain("Label\"");
    }

    @Test
    void ps_badLast_isPflagsError() {
        CliRun run = run(engine, "ps", "-n", "x");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).isEqualTo("invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing "
                + "\"x\": invalid syntax\n\nUsage:  jocker ps [OPTIONS]\n\nRun 'jocker ps --help' for more information\n");
    }

    @Test
    void ports_groupRangesAndMappings() {
        assertThat(ContainerRows.ports(io.jocker.api.client.JsonTrees.read("[{\"PrivatePort\":9988,\"Type\":\"tcp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":9090,\"PublicPort\":80,\"Type\":\"tcp\"}]")))
                .isEqualTo("9988/tcp, 0.0.0.0:80->9090/tcp");
        assertThat(ContainerRows.ports(io.jocker.api.client.JsonTrees.read("[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,"
                + "\"PublicPort\":80,\"Type\":\"tcp\"},{\"IP\":\"0.0.0.0\",\"PrivatePort\":81,\"PublicPort\":81,"
                + "\"Type\":\"tcp\"}]"))).isEqualTo("0.0.0.0:80-81->80-81/tcp");
    }

    @Test
    void stop_printsNamesAndJoinsErrors() {
        CliRun run = run(engine, "stop", "-t", "1", "-s", "SIGINT", "web1", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("web1\n");
        assertThat(run.err()).isEqualTo("Error response from daemon: No such container: nosuch\n");
        assertThat(engine.requests().getFirst().query()).isEqualTo("signal=SIGINT&t=1");
    }

    @Test
    void stop_withoutTimeout_sendsNoT_andBadTimeoutFails() {
        run(engine, "container", "stop", "web1");
        assertThat(engine.onlyRequest().query()).isEmpty();
        CliRun bad = run(engine, "stop", "-t", "x", "web1");
        assertThat(bad.exit()).isEqualTo(125);
        assertThat(bad.err()).startsWith("invalid argument \"x\" for \"-t, --timeout\" flag: strconv.ParseInt");
    }

    @Test
    void stop_withoutArguments_isDockersUsageError() {
        CliRun run = run(engine, "stop");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jocker: 'jocker stop' requires at least 1 argument\n\n"
                + "Usage:  jocker stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
                + "See 'jocker stop --help' for more information\n");
    }

    @Test
    void restartAndKill_sendTheirParameters() {
        assertThat(run(engine, "restart", "--time", "0", "web1").out()).isEqualTo("web1\n");
        assertThat(engine.requests().getLast().target()).isEqualTo("/v1.44/containers/web1/restart?t=0");
        assertThat(run(engine, "kill", "-s", "HUP", "web1").out()).isEqualTo("web1\n");
        assertThat(engine.requests().getLast().target()).isEqualTo("/v1.44/containers/web1/kill?signal=HUP");
    }

    @Test
    void wait_printsExitCodes() {
        CliRun run = run(engine, "wait", "web1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("7\n");
    }

    @Test
    void rm_sendsForceAndVolumes_forceForgivesMissing() {
        CliRun run = run(engine, "rm", "-f", "-v", "web1", "nosuch");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("web1\n");
        assertThat(run.err()).isEqualTo("Error response from daemon: No such container: nosuch\n");
        assertThat(engine.requests().getFirst().query()).isEqualTo("force=1&v=1");
        assertThat(run(engine, "container", "remove", "nosuch").exit()).isEqualTo(1);
    }

    @Test
    void start_withoutAttach_reportsFailuresAtTheEnd() {
        CliRun run = run(engine, "start", "web1", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("web1\n");
        assertThat(run.err()).isEqualTo("Error response from daemon: No such container: nosuch\n"
                + "failed to start containers: nosuch\n");
    }

    @Test
    void start_attach_streamsAndExitsWithTheCode() {
        CliRun run = run(engine, "start", "-a", "web1");
        assertThat(run.out()).isEqualTo("o\n");
        assertThat(run.err()).isEqualTo("e\n");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(engine.requests()).extracting(FakeEngine.Request::target).containsExactly(
                "/v1.44/containers/web1/json", "/v1.44/containers/" + ID + "/attach?stderr=1&stdout=1&stream=1",
                "/v1.44/containers/" + ID + "/wait?condition=next-exit", "/v1.44/containers/" + ID + "/start");
    }

    @Test
    void start_attachSeveral_refuses() {
        CliRun run = run(engine, "start", "-a", "web1", "web2");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("you cannot start and attach multiple containers at once\n");
    }

    @Test
    void attach_streamsUntilTheEnd() {
        CliRun run = run(engine, "attach", "--no-stdin", "web1");
        assertThat(run.out()).isEqualTo("o\n");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void attach_stoppedContainer_refuses() {
        engine.on("GET", "/containers/web1/json", Response.json(INSPECT.replace("\"Running\":true", "\"Running\":false")));
        CliRun run = run(engine, "attach", "web1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("You cannot attach to a stopped container, start it first\n");
    }

    @Test
    void logs_demultiplexesAndSendsDockersQuery() {
        CliRun run = run(engine, "logs", "-t", "-n", "5", "--since", "1h", "web1");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("line1\nline2\n");
        assertThat(run.err()).isEqualTo("oops\n");
        assertThat(engine.requests().getLast().query())
                .isEqualTo("since=1778410800.000000000&stderr=1&stdout=1&tail=5&timestamps=1");
    }

    @Test
    void logs_tty_copiesRaw() {
        engine.on("GET", "/containers/web1/json", Response.json(INSPECT.replace("\"Tty\":false", "\"Tty\":true")));
        engine.on("GET", "/containers/web1/logs", Response.bytes("application/vnd.docker.raw-stream",
                "raw\r\n".getBytes(StandardCharsets.UTF_8)));
        CliRun run = run(engine, "logs", "-f", "web1");
        assertThat(run.out()).isEqualTo("raw\r\n");
        assertThat(engine.requests().getLast().query()).isEqualTo("follow=1&stderr=1&stdout=1&tail=all");
    }

    @Test
    void logs_missingContainer() {
        CliRun run = run(engine, "logs", "nosuch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Error response from daemon: No such container: nosuch\n");
    }

    @Test
    void inspect_triesTheContainerFirst_andContainerInspectOnlyContainers() {
        CliRun run = run(engine, "inspect", "--format", "{{.Id}}", "web1");
        assertThat(run.out()).isEqualTo(ID + "\n");
        assertThat(engine.onlyRequest().path()).isEqualTo("/containers/web1/json");
        CliRun missing = run(engine, "container", "inspect", "nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo("[]\n");
        assertThat(missing.err()).isEqualTo("Error response from daemon: No such container: nosuch\n");
    }
}
