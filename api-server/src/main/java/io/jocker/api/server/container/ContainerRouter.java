package io.jocker.api.server.container;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.api.server.filter.FiltersParam;
import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.RawStream;
import io.jocker.api.server.route.RawStreamHandler;
import io.jocker.api.server.route.ResponseStream;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.RouteGroup;
import io.jocker.api.types.container.CreateRequest;
import io.jocker.api.types.container.CreateResponse;
import io.jocker.api.types.container.WaitResponse;
import io.jocker.common.error.EngineException;
import io.jocker.engine.container.ContainerAttach;
import io.jocker.engine.container.ContainerLogs;
import io.jocker.engine.container.ContainerRecord;
import io.jocker.engine.container.ContainerService;
import io.jocker.engine.container.DetachKeys;
import io.jocker.engine.container.ListOptions;
import io.jocker.engine.container.WaitCondition;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The container lifecycle endpoints. */
public final class ContainerRouter implements RouteGroup {
    private final ContainerService containers;
    private final Clock clock;
    private final HostDefaults hostDefaults;

    private ContainerLogs logSource;
    private ContainerAttach attachSource;

    /** Where attach connects to; without it attach is not implemented. */
    public ContainerRouter withAttach(ContainerAttach source) {
        this.attachSource = source;
        return this;
    }

    /**
     * {@code POST /containers/{id}/attach}: takes the connection over ({@code 101 UPGRADED} when
     * the client asks to upgrade, else a raw {@code 200}) and streams the container's output until
     * it exits, multiplexed unless the container has a TTY; then closes, which with the wait result
     * ends {@code docker run}. With {@code stdin=1} the client's bytes go to the container's stdin,
     * and its half-close closes that stdin while output goes on.
     */
    private void attach(ApiRequest request, Exchange exchange) {
        if (attachSource == null) {
            throw EngineException.notImplemented("attach is not available");
        }
        ContainerRecord record = containers.attachable(request.pathParam("id"));
        boolean tty = record.config().tty();
        boolean wantStdin = request.queryBool("stdin");
        boolean wantStdout = request.queryBool("stdout");
        boolean wantStderr = request.queryBool("stderr");
        // dockerd watches stdin for the detach keys of TTY containers only
        DetachKeys keys = DetachKeys.parse(request.query("detachKeys").orElse("")); // refused early when bad
        DetachKeys.Filter detach = tty && wantStdin ? keys.filter() : null;
        exchange.hijack(tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream",
                new RawStreamHandler() {
                    private RawStream raw;
                    private ContainerAttach.Session session;

                    @Override
                    public void onOpen(RawStream stream) {
                        raw = stream;
                        try {
                            session = containers.attach(record.id(), wantStdin, attachSource, new ContainerAttach.Sink() {
                                @Override
                                public void output(boolean stderr, byte[] data) {
                                    if (stderr ? wantStderr : wantStdout) {
                                        raw.write(tty ? data : frame(stderr, data));
                                    }
                                }

                                @Override
                                public void end() {
                                    raw.close();
                                }
                            });
                        } catch (RuntimeException e) {
                            stream.close(); // it stopped between the check and the takeover
                        }
                    }

                    @Override
                    public void onInput(byte[] data) {
                        if (session == null) {
                            return;
                        }
                        if (detach == null) {
                            session.input(data);
                            return;
                        }
                        byte[] pass = detach.pass(data);
                        if (pass.length > 0) {
                            session.input(pass);
                        }
                        if (detach.detached()) {
                            // the client leaves; the container runs on
                            containers.detached(record.id());
                            session.close();
                            raw.close();
                        }
                    }

                    @Override
                    public void onInputClosed() {
                        if (session != null) {
                            session.closeInput();
                        }
                    }

                    @Override
                    public void onClosed() {
                        if (session != null) {
                            session.close();
                        }
                    }
                });
    }

    /** A multiplexed-stream frame: stream byte (1 stdout, 2 stderr), three zeros, big-endian length. */
    private static byte[] frame(boolean stderr, byte[] data) {
        byte[] frame = new byte[8 + data.length];
        frame[0] = (byte) (stderr ? 2 : 1);
        ByteBuffer.wrap(frame, 4, 4).putInt(data.length);
        System.arraycopy(data, 0, frame, 8, data.length);
        return frame;
    }

    /** Where logs are read from; without it logs are not implemented. */
    public ContainerRouter withLogs(ContainerLogs source) {
        this.logSource = source;
        return this;
    }

    /**
     * {@code GET /containers/{id}/logs}: non-TTY output as multiplexed frames ({@code [stream, 0,
     * 0, 0, length]} + payload), TTY output raw; {@code timestamps} prefixes each line with its
     * RFC 3339 nano time. With {@code follow} the response stays open and carries new lines until
     * the container stops (or the client leaves). Lines are produced on a virtual thread of their
     * own, each write waiting for a slow client, so a long log never sits in memory whole.
     */
    private void logs(ApiRequest request, Exchange exchange) {
        if (logSource == null) {
            throw EngineException.notImplemented("logs are not available");
        }
        boolean stdout = request.queryBool("stdout");
        boolean stderr = request.queryBool("stderr");
        if (!stdout && !stderr) {
            throw EngineException.invalidArgument(
                    "Bad parameters: you must choose at least one stream");
        }
        String tail = request.query("tail").orElse("all");
        ContainerService.LogOptions query = new ContainerService.LogOptions(stdout, stderr, timeParam(request, "since"), timeParam(request, "until"),
                tail.equals("all") || tail.isEmpty() ? -1 : parseTail(tail));
        ContainerRecord record = containers.inspect(request.pathParam("id"));
        boolean tty = record.config().tty();
        boolean timestamps = request.queryBool("timestamps");
        java.util.function.Function<ContainerService.LogLine, byte[]> encode = line -> {
            byte[] prefix = timestamps ? (line.timestamp() + " ").getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : new byte[0];
            byte[] payload = new byte[prefix.length + line.bytes().length];
            System.arraycopy(prefix, 0, payload, 0, prefix.length);
            System.arraycopy(line.bytes(), 0, payload, prefix.length, line.bytes().length);
            return tty ? payload : frame(line.stderr(), payload);
        };
        String contentType = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        containers.readableLog(record.id()); // refuse "none" before the status goes out
        boolean follow = request.queryBool("follow");
        ResponseStream stream = exchange.stream(200, contentType);
        // Lines are read in pieces and written in batches of up to 64 KiB (one write per line would
        // cap a big log at a few MB/s), waiting for a slow client, on a thread of their own.
        ContainerService.LineSink sink = new ContainerService.LineSink() {
            private final java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();

            @Override
            public boolean accept(ContainerService.LogLine line) throws java.io.IOException {
                batch.writeBytes(encode.apply(line));
                if (batch.size() >= 64 * 1024) {
                    flush();
                }
                return stream.isOpen();
            }

            @Override
            public void flush() throws java.io.IOException {
                if (batch.size() > 0) {
                    byte[] chunk = batch.toByteArray();
                    batch.reset();
                    stream.writeAndWait(chunk);
                }
            }
        };
        Thread.ofVirtual().name("logs-" + record.shortId()).start(() -> {
            try {
                if (follow) {
                    containers.followLogs(record.id(), logSource, query, stream::isOpen, sink);
                } else {
                    containers.logs(record.id(), logSource, query, sink);
                }
                stream.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stream.abort();
            } catch (java.io.IOException | RuntimeException e) {
                stream.abort(); // the status went out already: closing tells the client it is cut short
            }
        });
    }

    private static int parseTail(String tail) {
        try {
            return Integer.parseInt(tail);
        } catch (NumberFormatException e) {
            return -1; // dockerd treats a tail it cannot read as "all"
        }
    }

    private static java.time.Instant timeParam(ApiRequest request, String name) {
        String value = request.query(name).orElse("");
        if (value.isEmpty() || value.equals("0")) {
            return null;
        }
        String[] parts = value.split("\\.");
        try {
            long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
            return java.time.Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
        } catch (NumberFormatException e) {
            throw EngineException.invalidArgument("invalid value for '" + name + "': " + value);
        }
    }

    public ContainerRouter(ContainerService containers, Clock clock, HostDefaults hostDefaults) {
        this.containers = containers;
        this.clock = clock;
        this.hostDefaults = hostDefaults;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.post("/containers/create", this::create),
                Route.get("/containers/json", this::list),
                Route.get("/containers/{id}/json", (r, e) -> e.json(200,
                        inspect(containers.inspect(r.pathParam("id")), r.queryBool("size")))),
                Route.post("/containers/{id}/start", (r, e) -> {
                    containers.start(r.pathParam("id"));
                    e.empty(204);
                }),
                Route.post("/containers/{id}/stop", (r, e) -> {
                    containers.stop(r.pathParam("id"), r.query("t").filter(t -> !t.isEmpty()).map(ContainerRouter::integer)
                            .orElse(null), r.query("signal").orElse(null));
                    e.empty(204);
                }),
                Route.post("/containers/{id}/restart", (r, e) -> {
                    containers.restart(r.pathParam("id"), r.query("t").filter(t -> !t.isEmpty())
                            .map(ContainerRouter::integer).orElse(null), r.query("signal").orElse(null));
                    e.empty(204);
                }),
                Route.post("/containers/{id}/resize", (r, e) -> {
                    containers.resize(r.pathParam("id"), dimension(r, "h"), dimension(r, "w"));
                    e.empty(200);
                }),
                Route.post("/containers/{id}/kill", (r, e) -> {
                    containers.kill(r.pathParam("id"), r.query("signal").orElse(null));
                    e.empty(204);
                }),
                Route.post("/containers/{id}/wait", this::await),
                Route.get("/containers/{id}/logs", this::logs),
                Route.post("/containers/{id}/attach", this::attach),
                Route.delete("/containers/{id}", (r, e) -> {
                    containers.remove(r.pathParam("id"), r.queryBool("force"));
                    e.empty(204);
                }));
    }

    private io.jocker.api.types.container.ContainerInspect inspect(ContainerRecord record, boolean size) {
        return ContainerTranslator.inspect(record, hostDefaults, containers.storageDetails(record),
                size ? containers.sizes(record) : null);
    }

    /** A terminal dimension: dockerd's 400 for what is not a number. */
    private static int dimension(ApiRequest request, String name) {
        String value = request.query(name).orElse("");
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw EngineException.invalidArgument("strconv.Atoi: parsing \"" + value + "\": invalid syntax");
        }
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw EngineException.invalidArgument("invalid value for t: " + text);
        }
    }

    private void create(ApiRequest request, Exchange exchange) {
        String text = new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).trim();
        JsonNode body = text.isEmpty() || text.equals("null") ? null : request.bodyJson(JsonNode.class);
        if (body == null || body.isNull() || (body.isObject() && body.isEmpty())) {
            throw EngineException.invalidArgument("Config cannot be empty in order to create a container");
        }
        CreateRequest create;
        try {
            create = WireJson.mapper().treeToValue(body, CreateRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw EngineException.invalidArgument("invalid JSON: " + e.getOriginalMessage(), e);
        }
        ContainerRecord record = containers.create(request.query("name").orElse(null),
                ContainerTranslator.spec(create), ContainerTranslator.host(create.hostConfig()));
        exchange.json(201, new CreateResponse(record.id(), List.of()));
    }

    private void list(ApiRequest request, Exchange exchange) {
        int limit = request.query("limit").filter(l -> !l.isEmpty()).map(ContainerRouter::integer).orElse(-1);
        ListOptions options = new ListOptions(request.queryBool("all"), limit,
                FiltersParam.parse(request.query("filters").orElse(null)));
        java.time.Instant now = clock.instant();
        boolean size = request.queryBool("size");
        exchange.json(200, containers.list(options).stream().map(r -> ContainerTranslator.summary(r, now, hostDefaults,
                size ? containers.sizes(r) : null)).toList());
    }

    /** Headers go out at once: the CLI waits for them before it starts the container. */
    private void await(ApiRequest request, Exchange exchange) {
        WaitCondition condition = WaitCondition.parse(request.query("condition").orElse(""));
        CompletableFuture<Integer> exit = containers.wait(request.pathParam("id"), condition);
        ResponseStream stream = exchange.stream(200, "application/json");
        stream.onClose(() -> exit.cancel(false));
        exit.whenComplete((code, failure) -> {
            WaitResponse response = failure == null ? new WaitResponse(null, code)
                    : new WaitResponse(new WaitResponse.WaitError(failure.getMessage()), -1);
            if (stream.isOpen()) {
                byte[] json = WireJson.write(response);
                byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
                line[json.length] = '\n';
                stream.write(line);
                stream.end();
            }
        });
    }
}
