package io.jocker.cli.command;

import static io.jocker.cli.command.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.client.JsonTrees;
import io.jocker.cli.Terminals;
import io.jocker.cli.command.FakeEngine.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jocker run} and {@code jocker create} against a fake engine: the create document, the call order, streams, exit codes. */
class RunCommandTest {
    static final String ID = "33d2a8c1f0e94b7a9c2d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819a2b";
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";

    @TempDir
    Path dir;
    FakeEngine engine;

    @BeforeEach
    void start() throws Exception {
        engine = new FakeEngine(dir)
                .on("POST", "/containers/create", Response.json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}"))
                .on("POST", "/containers/" + ID + "/wait", Response.stream("{\"Error\":null,\"StatusCode\":3}"))
                .on("POST", "/containers/" + ID + "/start", Response.empty(204))
                .on("POST", "/containers/" + ID + "/attach", Response.upgraded(MULTIPLEXED,
                        concat(frame(1, "out\n"), frame(2, "err\n"), frame(1, "more\n"))));
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    static byte[] frame(int stream, String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[8 + payload.length];
        out[0] = (byte) stream;
        out[4] = (byte) (payload.length >>> 24);
        out[5] = (byte) (payload.length >>> 16);
        out[6] = (byte) (payload.length >>> 8);
        out[7] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 8, payload.length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private JsonNode createBody() {
        return JsonTrees.read(engine.requests().stream().filter(r -> r.path().equals("/containers/create"))
                .findFirst().orElseThrow().body());
    }

    @Test
    void run_attachesWaitsStartsDemultiplexesAndExitsWithTheContainersCode() {
        CliRun run = run(engine, "run", "--name", "web1", "bb:1", "sh", "-c", "echo -a=true");
        assertThat(run.err()).isEqualTo("err\n");
        assertThat(run.out()).isEqualTo("out\nmore\n");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(engine.requests()).extracting(FakeEngine.Request::target).containsExactly(
                "/v1.44/containers/create?name=web1",
                "/v1.44/containers/" + ID + "/attach?stderr=1&stdout=1&stream=1",
                "/v1.44/containers/" + ID + "/wait?condition=next-exit",
                "/v1.44/containers/" + ID + "/start");
        FakeEngine.Request attach = engine.requests().get(1);
        assertThat(attach.header("Upgrade")).isEqualTo("tcp");
        assertThat(attach.header("Connection")).isEqualTo("Upgrade");
        JsonNode body = createBody();
        assertThat(body.path("Cmd").toString()).isEqualTo("[\"sh\",\"-c\",\"echo -a=true\"]");
        assertThat(body.path("Image").asText()).isEqualTo("bb:1");
        assertThat(body.path("AttachStdout").asBoolean()).isTrue();
        assertThat(body.path("AttachStderr").asBoolean()).isTrue();
        assertThat(body.path("AttachStdin").asBoolean()).isFalse();
        assertThat(body.path("HostConfig").path("NetworkMode").asText()).isEqualTo("default");
        assertThat(body.path("HostConfig").path("RestartPolicy").toString())
                .isEqualTo("{\"Name\":\"no\",\"MaximumRetryCount\":0}");
        assertThat(engine.requests().get(0).header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void run_interactive_sendsStdinAndHalfCloses() {
        CliRun run = run(engine, "hello\n".getBytes(StandardCharsets.UTF_8), Terminals.of(false, false),
                "run", "-i", "--rm", "bb:1", "cat");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(engine.upstream()).hasSize(1);
        assertThat(new String(engine.upstream().getFirst(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(engine.requests().get(1).query()).isEqualTo("stderr=1&stdin=1&stdout=1&stream=1");
        assertThat(engine.requests().get(2).query()).isEqualTo("condition=removed");
        JsonNode body = createBody();
        assertThat(body.path("OpenStdin").asBoolean()).isTrue();
        assertThat(body.path("StdinOnce").asBoolean()).isTrue();
        assertThat(body.path("AttachStdin").asBoolean()).isTrue();
        assertThat(body.path("HostConfig").path("AutoRemove").asBoolean()).isTrue();
    }

    @Test
    void run_tty_copiesRawAndResizes() {
        engine.on("POST", "/containers/" + ID + "/attach",
                Response.upgraded("application/vnd.docker.raw-stream", "raw\r\nbytes".getBytes(StandardCharsets.UTF_8)));
        Terminals terminal = new Terminals() {
            @Override
            public boolean isStdinTerminal() {
                return true;
            }

            @Override
            public boolean isStdoutTerminal() {
                return true;
            }

            @Override
            public int[] size() {
                return new int[] {40, 120};
            }
        };
        CliRun run = run(engine, new byte[0], terminal, "run", "-t", "bb:1");
        assertThat(run.out()).isEqualTo("raw\r\nbytes");
        assertThat(run.exit()).isEqualTo(3);
        // the fake answers resize with 404, which is ignored as docker ignores it
        assertThat(engine.requests()).extracting(FakeEngine.Request::target)
                .contains("/v1.44/containers/" + ID + "/resize?h=40&w=120");
        assertThat(createBody().path("HostConfig").path("ConsoleSize").toString()).isEqualTo("[40,120]");
        assertThat(createBody().path("Tty").asBoolean()).isTrue();
    }

    @Test
    void run_detached_printsTheFullIdWithoutAttaching() {
        CliRun run = run(engine, "run", "-d", "bb:1", "httpd");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(ID + "\n");
        assertThat(engine.requests()).extracting(FakeEngine.Request::path).containsExactly(
                "/containers/create", "/containers/" + ID + "/wait", "/containers/" + ID + "/start");
        JsonNode body = createBody();
        assertThat(body.path("AttachStdout").asBoolean()).isFalse();
        assertThat(body.path("AttachStderr").asBoolean()).isFalse();
    }

    @Test
    void run_missingImage_isTheDaemonsErrorWith125() {
        engine.on("POST", "/containers/create", Response.error(404, "No such image: nosuch:latest"));
        CliRun run = run(engine, "run", "nosuch");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).isEqualTo("jocker: Error response from daemon: No such image: nosuch:latest\n\n"
                + "Run 'jocker run --help' for more information\n");
    }

    @Test
    void run_startFailsWithCommandNotFound_exits127() {
        engine.on("POST", "/containers/" + ID + "/start", Response.error(400, "failed to create task: exec: "
                + "\\\"/nonexistent\\\": stat /nonexistent: no such file or directory"));
        CliRun run = run(engine, "run", "-d", "bb:1", "/nonexistent");
        assertThat(run.exit()).isEqualTo(127);
        assertThat(run.err()).startsWith("jocker: Error response from daemon: failed to create task");
    }

    @Test
    void run_startFailsWithPermissionDenied_exits126() {
        engine.on("POST", "/containers/" + ID + "/start", Response.error(400, "exec /etc: permission denied"));
        assertThat(run(engine, "run", "bb:1", "/etc").exit()).isEqualTo(126);
    }

    @Test
    void run_withoutImage_isDockersUsageError() {
        CliRun run = run(engine, "run");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("jocker: 'jocker run' requires at least 1 argument\n\n"
                + "Usage:  jocker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                + "See 'jocker run --help' for more information\n");
    }

    @Test
    void run_attachAndDetach_conflict() {
        CliRun run = run(engine, "run", "-d", "-a", "stdout", "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("conflicting options: cannot specify both --attach and --detach\n");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void run_ttyWithoutATerminal_refuses() {
        CliRun run = run(engine, "run", "-it", "bb:1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("the input device is not a TTY\n");
    }

    @Test
    void run_attachOnlyStdout() {
        CliRun run = run(engine, "run", "-a", "STDOUT", "bb:1");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(engine.requests().get(1).query()).isEqualTo("stdout=1&stream=1");
    }

    @Test
    void securityOpt_seccompFileIsSentAsItsCompactedJson_asTheDockerCliDoes() throws Exception {
        Path profile = dir.resolve("profile.json");
        Files.writeString(profile, "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\"\n}\n");
        assertThat(ContainerFlags.securityOpts(java.util.List.of("seccomp=" + profile, "seccomp=unconfined",
                "no-new-privileges", "label:disable"))).containsExactly(
                        "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}", "seccomp=unconfined", "no-new-privileges",
                        "label:disable");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContainerFlags.securityOpts(
                java.util.List.of("seccomp=" + dir.resolve("absent.json"))))
                .hasMessageContaining("opening seccomp profile (" + dir.resolve("absent.json") + ") failed");
    }

    @Test
    void create_mapsEveryFlagToDockersFields() throws Exception {
        Path envFile = dir.resolve("env");
        Files.writeString(envFile, "# comment\nFROMFILE=1\n\nINHERITED\n");
        CliRun run = run(engine, "create", "--name", "c1", "-e", "A=1", "--env", "B", "--env-file", envFile.toString(),
                "-w", "/work", "-u", "0", "-h", "host1", "--entrypoint", "/bin/sh", "-l", "k=v", "--label", "bare",
                "--read-only", "--privileged", "--cap-add", "net_admin", "--cap-drop", "ALL", "--security-opt",
                "no-new-privileges", "--tmpfs", "/run:size=1m", "--tmpfs", "/t", "--sysctl", "net.ipv4.ip_forward=1",
                "--ulimit", "nofile=1024:2048", "--ulimit", "nproc=10", "--init", "--shm-size", "64m", "-m", "32m",
                "--memory-swap", "-1", "--memory-reservation", "1g", "-c", "512", "--cpus", "1.5", "--cpu-quota",
                "50000", "--cpu-period", "100000", "--cpuset-cpus", "0-1", "--pids-limit", "100", "--blkio-weight",
                "300", "--oom-kill-disable", "--oom-score-adj", "-500", "--network", "net1", "--restart",
                "on-failure:3", "--stop-signal", "SIGINT", "--stop-timeout", "7", "--cgroup-parent", "/jocker",
                "--log-driver", "json-file", "--log-opt", "max-size=1m", "--runtime", "crun", "bb:1", "echo", "hi");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(ID + "\n");
        JsonNode body = createBody();
        assertThat(body.path("Env").toString()).isEqualTo("[\"FROMFILE=1\",\"A=1\",\"B\"]");
        assertThat(body.path("WorkingDir").asText()).isEqualTo("/work");
        assertThat(body.path("User").asText()).isEqualTo("0");
        assertThat(body.path("Hostname").asText()).isEqualTo("host1");
        assertThat(body.path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\"]");
        assertThat(body.path("Cmd").toString()).isEqualTo("[\"echo\",\"hi\"]");
        assertThat(body.path("Labels").toString()).isEqualTo("{\"k\":\"v\",\"bare\":\"\"}");
        assertThat(body.path("StopSignal").asText()).isEqualTo("SIGINT");
        assertThat(body.path("StopTimeout").asInt()).isEqualTo(7);
        JsonNode host = body.path("HostConfig");
        assertThat(host.path("ReadonlyRootfs").asBoolean()).isTrue();
        assertThat(host.path("Privileged").asBoolean()).isTrue();
        assertThat(host.path("CapAdd").toString()).isEqualTo("[\"CAP_NET_ADMIN\"]");
        assertThat(host.path("CapDrop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(host.path("SecurityOpt").toString()).isEqualTo("[\"no-new-privileges\"]");
        assertThat(host.path("Tmpfs").toString()).isEqualTo("{\"/run\":\"size=1m\",\"/t\":\"\"}");
        assertThat(host.path("Sysctls").toString()).isEqualTo("{\"net.ipv4.ip_forward\":\"1\"}");
        assertThat(host.path("Ulimits").toString()).isEqualTo(
                "[{\"Name\":\"nofile\",\"Hard\":2048,\"Soft\":1024},{\"Name\":\"nproc\",\"Hard\":10,\"Soft\":10}]");
        assertThat(host.path("Init").asBoolean()).isTrue();
        assertThat(host.path("ShmSize").asLong()).isEqualTo(64L << 20);
        assertThat(host.path("Memory").asLong()).isEqualTo(32L << 20);
        assertThat(host.path("MemorySwap").asLong()).isEqualTo(-1);
        assertThat(host.path("MemoryReservation").asLong()).isEqualTo(1L << 30);
        assertThat(host.path("CpuShares").asLong()).isEqualTo(512);
        assertThat(host.path("NanoCpus").asLong()).isEqualTo(1_500_000_000L);
        assertThat(host.path("CpuQuota").asLong()).isEqualTo(50000);
        assertThat(host.path("CpuPeriod").asLong()).isEqualTo(100000);
        assertThat(host.path("CpusetCpus").asText()).isEqualTo("0-1");
        assertThat(host.path("PidsLimit").asLong()).isEqualTo(100);
        assertThat(host.path("BlkioWeight").asInt()).isEqualTo(300);
        assertThat(host.path("OomKillDisable").asBoolean()).isTrue();
        assertThat(host.path("OomScoreAdj").asInt()).isEqualTo(-500);
        assertThat(host.path("NetworkMode").asText()).isEqualTo("net1");
        assertThat(body.path("NetworkingConfig").path("EndpointsConfig").has("net1")).isTrue();
        assertThat(host.path("RestartPolicy").toString()).isEqualTo("{\"Name\":\"on-failure\",\"MaximumRetryCount\":3}");
        assertThat(host.path("CgroupParent").asText()).isEqualTo("/jocker");
        assertThat(host.path("LogConfig").toString())
                .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"1m\"}}");
        assertThat(host.path("Runtime").asText()).isEqualTo("crun");
        assertThat(host.path("AutoRemove").asBoolean()).isFalse();
        assertThat(engine.onlyRequest().query()).isEqualTo("name=c1");
    }

    @Test
    void create_printsTheEnginesWarnings() {
        engine.on("POST", "/containers/create",
                Response.json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[\"no swap limit\"]}"));
        CliRun run = run(engine, "container", "create", "bb:1");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo("WARNING: no swap limit\n");
    }

    @Test
    void create_emptyEntrypointClearsIt() {
        run(engine, "create", "--entrypoint", "", "bb:1");
        assertThat(createBody().path("Entrypoint").toString()).isEqualTo("[\"\"]");
    }

    @Test
    void create_badSize_isPflagsError() {
        CliRun run = run(engine, "create", "-m", "x", "bb:1");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).isEqualTo("invalid argument \"x\" for \"-m, --memory\" flag: invalid size: 'x'\n\n"
                + "Usage:  jocker create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                + "Run 'jocker create --help' for more information\n");
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void run_badValues_useDockersTexts() {
        assertThat(run(engine, "run", "--cpus", "x", "bb:1").err())
                .startsWith("invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number\n");
        assertThat(run(engine, "run", "--cpus", "0.0000000001", "bb:1").err())
                .startsWith("invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise\n");
        assertThat(run(engine, "run", "--ulimit", "nofile=x", "bb:1").err()).startsWith(
                "invalid argument \"nofile=x\" for \"--ulimit\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n");
        assertThat(run(engine, "run", "--memory-swap", "y", "bb:1").err())
                .startsWith("invalid argument \"y\" for \"--memory-swap\" flag: invalid size: 'y'\n");
        assertThat(run(engine, "run", "-c", "z", "bb:1").err()).startsWith(
                "invalid argument \"z\" for \"-c, --cpu-shares\" flag: strconv.ParseInt: parsing \"z\": invalid syntax\n");
        assertThat(run(engine, "run", "--blkio-weight", "70000", "bb:1").err()).startsWith(
                "invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": "
                        + "value out of range\n");
        assertThat(run(engine, "run", "-a", "bogus", "bb:1").err()).startsWith(
                "invalid argument \"bogus\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR\n");
        CliRun run = run(engine, "run", "--shm-size", "1q", "bb:1");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(engine.requests()).isEmpty();
    }

    @Test
    void run_restartWithRm_conflicts() {
        CliRun run = run(engine, "run", "--rm", "--restart", "always", "bb:1");
        assertThat(run.exit()).isEqualTo(125);
        assertThat(run.err()).startsWith("jocker: conflicting options: cannot specify both --restart and --rm\n");
    }

    @Test
    void run_helpIsLongOnly_becauseHIsHostname() {
        CliRun run = run(engine, "run", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("-h, --hostname string").contains("--help");
    }
}
