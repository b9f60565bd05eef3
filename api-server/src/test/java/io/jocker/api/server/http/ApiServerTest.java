package io.jocker.api.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jocker.api.server.listener.ApiServer;
import io.jocker.api.types.host.HostAddress;
import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.RawStream;
import io.jocker.api.server.route.RawStreamHandler;
import io.jocker.api.server.route.ResponseStream;
import io.jocker.api.server.route.Route;
import io.jocker.api.server.route.Router;
import io.jocker.common.error.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP layer on a real unix socket, driven byte by byte: framing, errors, streams, hijack. */
class ApiServerTest {
    @TempDir
    static Path dir;
    static Path socket;
    static ApiServer server;
    static final CountDownLatch foreverClosed = new CountDownLatch(1);

    /** A body with fields of several types, read the lenient way clients need. */
    public record Sample(String name, int count, List<String> tags) {}

    @BeforeAll
    static void start() {
        socket = dir.resolve("api.sock");
        Router router = new Router(List.of(() -> List.of(
                Route.get("/echo", (request, exchange) -> exchange.json(200,
                        Map.of("path", request.path(), "version", request.version().toString(),
                                "flag", request.queryBool("flag")))),
                Route.post("/json", (request, exchange) -> exchange.json(200, request.bodyJson(Sample.class))),
                Route.get("/missing/{id}", (request, exchange) -> {
                    throw EngineException.notFound("No such thing: " + request.pathParam("id"));
                }),
                Route.get("/images/{name:.*}/json", (request, exchange) -> exchange.json(200,
                        Map.of("name", request.pathParam("name")))),
                Route.post("/unchanged", (request, exchange) -> {
                    throw EngineException.notModified("already");
                }),
                Route.get("/stream", ApiServerTest::threeChunks),
                Route.get("/forever", ApiServerTest::forever),
                Route.post("/hijack", (request, exchange) -> exchange.hijack("application/vnd.docker.raw-stream",
                        new Echo())),
                Route.post("/flood", (request, exchange) -> exchange.hijack("application/vnd.docker.raw-stream",
                        new Flood())),
                Route.post("/upload", ApiServerTest::countUpload).streamingBody(),
                Route.get("/broken", (request, exchange) -> {
                    throw new IllegalStateException("boom");
                }))));
        server = new ApiServer(router, new ServerIdentity("Docker/25.0.0 (linux)"),
                new ApiServer.Limits(64 << 10, 64 << 10, 1 << 20));
        server.start(List.of(new HostAddress.Unix(socket)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void threeChunks(ApiRequest request, Exchange exchange) {
        ResponseStream stream = exchange.stream(200, "application/json");
        for (int i = 0; i < 3; i++) {
            stream.write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        stream.end();
    }

    static void forever(ApiRequest request, Exchange exchange) {
        ResponseStream stream = exchange.stream(200, "application/json");
        stream.onClose(foreverClosed::countDown);
    }

    static void countUpload(ApiRequest request, Exchange exchange) throws IOException {
        long total = 0;
        byte[] buffer = new byte[8192];
        InputStream body = request.bodyStream();
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            total += n;
        }
        exchange.json(200, Map.of("bytes", total));
    }

    /** Echoes input; at the end of input says "bye" and closes, like an attach whose process exits. */
    static class Echo implements RawStreamHandler {
        RawStream stream;

        @Override
        public void onOpen(RawStream stream) {
            this.stream = stream;
        }

        @Override
        public void onInput(byte[] data) {
            stream.write(("echo:" + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void onInputClosed() {
            stream.write("bye".getBytes(StandardCharsets.UTF_8));
            stream.close();
        }

        @Override
        public void onClosed() {}
    }

    /** Bytes {@link Flood} sends: far more than a unix socket buffers, so the client's pace decides. */
    static final byte[] FLOOD = new byte[4 << 20];

    static {
        new java.util.Random(42).nextBytes(FLOOD);
    }

    /**
     * An {@link Echo} that, once the client has half-closed and the server has settled, sends
     * {@link #FLOOD} and closes: like a container's output that keeps coming after the docker CLI's
     * stdin ended.
     */
    static final class Flood extends Echo {
        @Override
        public void onInputClosed() {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    // Let the event loop finish with the end of input (its interest in the
                    // socket drops to nothing) before the output starts.
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int at = 0; at < FLOOD.length; at += 64 << 10) {
                    stream.write(java.util.Arrays.copyOfRange(FLOOD, at, Math.min(FLOOD.length, at + (64 << 10))));
                }
                stream.close();
            });
        }
    }

    private static RawConnection connect() throws IOException {
        return new RawConnection(socket);
    }

    @Test
    void socket_afterStart_isOwnerAndGroupReadWriteOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
    }

    @Test
    void keepAlive_twoRequestsOnOneConnection_bothAnswered() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response first = c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            RawConnection.Response second = c.send("GET /v1.30/echo?flag=1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).contains("\"version\":\"1.44\"").endsWith("}\n");
            assertThat(second.body()).contains("\"version\":\"1.30\"").contains("\"flag\":true");
            assertThat(first.header("Api-Version")).isEqualTo("1.44");
            assertThat(first.header("Ostype")).isEqualTo("linux");
            assertThat(first.header("Server")).isEqualTo("Docker/25.0.0 (linux)");
            assertThat(first.header("Docker-Experimental")).isEqualTo("false");
        }
    }

    @Test
    void pipelining_twoRequestsInOneWrite_answeredInOrder() throws IOException {
        try (RawConnection c = connect()) {
            c.send("GET /v1.40/echo HTTP/1.1\r\nHost: x\r\n\r\nGET /v1.41/echo HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().body()).contains("1.40");
            assertThat(c.read().body()).contains("1.41");
        }
    }

    @Test
    void garbage_answers400AndCloses_andTheServerKeepsServing() throws IOException {
        try (RawConnection c = connect()) {
            c.send(new byte[] {(byte) 0xff, 0x00, 0x13, 'x', '\r', '\n', '\r', '\n'});
            String answer = c.readToEnd();
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"message\"");
        }
        try (RawConnection c = connect()) {
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void oversizedHeader_answers431AndCloses() throws IOException {
        try (RawConnection c = connect()) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(100 << 10) + "\r\n\r\n");
            RawConnection.Response response = c.read();
            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void unknownPathOrMethod_answers404PageNotFound() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response unknown = c.send("GET /nosuch HTTP/1.1\r\nHost: x\r\n\r\n").read();
            RawConnection.Response wrongMethod = c.send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("{\"message\":\"page not found\"}\n");
            assertThat(unknown.header("Content-Type")).isEqualTo("application/json");
            assertThat(wrongMethod.status()).isEqualTo(404);
            // the connection survives a 404
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void versionTooNew_answers400WithDockersText() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response response = c.send("GET /v9.99/echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body())
                    .isEqualTo("{\"message\":\"client version 9.99 is too new. Maximum supported API version is 1.44\"}\n");
        }
    }

    @Test
    void versionTooOld_answers400InPlainText() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response response = c.send("GET /v1.5/echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("text/plain");
            assertThat(response.body()).isEqualTo("client version 1.5 is too old. Minimum supported API version is 1.24,"
                    + " please upgrade your client to a newer version\n");
        }
    }

    @Test
    void greedyPathParameter_keepsSlashesAndColons() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response response = c
                    .send("GET /images/127.0.0.1:5000/a/b:1/json HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.body()).contains("\"name\":\"127.0.0.1:5000/a/b:1\"");
        }
    }

    @Test
    void jsonBody_readLeniently_caseInsensitiveUnknownFieldsAndNulls() throws IOException {
        String body = "{\"NAME\":\"web\",\"Count\":null,\"Tags\":[\"a\"],\"containerId\":\"x\"}";
        try (RawConnection c = connect()) {
            RawConnection.Response response = c.send("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"name\":\"web\",\"count\":0,\"tags\":[\"a\"]}\n");
        }
    }

    @Test
    void badJsonBodies_answer400_neverInternalErrors() throws IOException {
        for (String body : List.of("{\"name\":", "{\"name\":5}", "{\"count\":\"7\"}", "", "[1,2]", "{} trailing")) {
            try (RawConnection c = connect()) {
                RawConnection.Response response = c.send("POST /json HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body).read();
                assertThat(response.status()).as("body %s", body).isEqualTo(400);
                assertThat(response.body()).as("body %s", body).startsWith("{\"message\":\"invalid JSON: ");
            }
        }
    }

    @Test
    void jsonBodyWithAnotherContentType_answers400WithDockersText() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response response = c.send("POST /json HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 2\r\n\r\n{}").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("Content-Type specified (text/plain) must be 'application/json'");
        }
    }

    @Test
    void errorKinds_mapToDockersStatuses() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response missing = c.send("GET /missing/abc HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("{\"message\":\"No such thing: abc\"}\n");
            RawConnection.Response unchanged = c.send("POST /unchanged HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    .read();
            assertThat(unchanged.status()).isEqualTo(304);
            assertThat(unchanged.body()).isEmpty();
            RawConnection.Response broken = c.send("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(broken.status()).isEqualTo(500);
            assertThat(broken.body()).isEqualTo("{\"message\":\"boom\"}\n");
        }
    }

    @Test
    void stream_isChunkedAndEnds_connectionReusable() throws IOException {
        try (RawConnection c = connect()) {
            RawConnection.Response response = c.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.body()).isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void endlessStream_headersFlushedAtOnce_andCloseIsNoticed() throws Exception {
        try (RawConnection c = connect()) {
            String head = c.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n").readHead();
            assertThat(head).startsWith("HTTP/1.1 200");
        }
        assertThat(foreverClosed.await(5, TimeUnit.SECONDS)).as("onClose after the client left").isTrue();
    }

    @Test
    void hijackWithUpgrade_answers101_echoesUntilHalfClose_thenServerCloses() throws IOException {
        try (RawConnection c = connect()) {
            c.send("POST /hijack HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
            String head = c.readHead();
            assertThat(head).startsWith("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\n");
            c.send("hello");
            assertThat(new String(c.readExactly(10), StandardCharsets.UTF_8)).isEqualTo("echo:hello");
            c.channel.shutdownOutput();
            assertThat(c.readToEnd()).isEqualTo("bye");
        }
    }

    @Test
    void hijack_outputAfterHalfCloseOutgrowsTheSocketBuffer_arrivesWhole() throws Exception {
        try (RawConnection c = connect()) {
            c.send("POST /flood HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
            assertThat(c.readHead()).startsWith("HTTP/1.1 101 UPGRADED\r\n");
            c.channel.shutdownOutput(); // as the docker CLI does when its stdin ends
            Thread.sleep(500); // a slow reader: the server's writes fill the socket and must wait for room
            byte[] received = c.readToEnd().getBytes(StandardCharsets.ISO_8859_1);
            assertThat(received.length).as("bytes received").isEqualTo(FLOOD.length);
            assertThat(java.util.Arrays.equals(received, FLOOD)).as("bytes as sent").isTrue();
        }
    }

    @Test
    void hijackWithoutUpgrade_answers200RawStream() throws IOException {
        try (RawConnection c = connect()) {
            c.send("POST /hijack HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            String head = c.readHead();
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n");
            assertThat(head).doesNotContain("Content-Length").doesNotContain("chunked");
            c.send("x");
            assertThat(new String(c.readExactly(6), StandardCharsets.UTF_8)).isEqualTo("echo:x");
        }
    }

    @Test
    void streamingUpload_chunkedLargerThanTheCollectLimit_isStreamedWhole() throws IOException {
        int chunks = 80;
        byte[] chunk = new byte[64 << 10];
        try (RawConnection c = connect()) {
            c.send("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < chunks; i++) {
                c.send(Integer.toHexString(chunk.length) + "\r\n").send(chunk).send("\r\n");
            }
            c.send("0\r\n\r\n");
            RawConnection.Response response = c.read();
            assertThat(response.body()).isEqualTo("{\"bytes\":" + (long) chunks * chunk.length + "}\n");
            assertThat(c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
        }
    }

    @Test
    void collectedBodyOverTheLimit_answers400AndCloses() throws IOException {
        byte[] big = new byte[(1 << 20) + 10];
        try (RawConnection c = connect()) {
            c.send("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: " + big.length + "\r\n\r\n");
            c.send(big);
            RawConnection.Response response = c.read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("request body larger than");
        }
    }

    @Test
    void options_answers200_andDoubleSlash_redirectsToCleanPath() throws IOException {
        try (RawConnection c = connect()) {
            assertThat(c.send("OPTIONS /anything HTTP/1.1\r\nHost: x\r\n\r\n").read().status()).isEqualTo(200);
            RawConnection.Response redirect = c.send("GET //echo?a=1 HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(redirect.status()).isEqualTo(301);
            assertThat(redirect.header("Location")).isEqualTo("/echo?a=1");
        }
    }

    @Test
    void clientHalfCloseAfterRequest_stillGetsTheResponse() throws IOException {
        try (RawConnection c = connect()) {
            c.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
            c.channel.shutdownOutput();
            assertThat(c.readToEnd()).startsWith("HTTP/1.1 200").contains("\"path\":\"/echo\"");
        }
    }

    @Test
    void secondServerOnALiveSocket_refusesToStart() {
        ApiServer second = new ApiServer(new Router(List.of()), new ServerIdentity("x"), ApiServer.Limits.DEFAULT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.start(List.of(new HostAddress.Unix(socket))))
                .isInstanceOf(EngineException.class).hasMessageContaining("another daemon is listening");
        assertThat(Files.exists(socket)).isTrue();
    }
}
