package io.jocker.api.server.http;

import io.jocker.api.server.error.ErrorMapper;
import io.jocker.api.server.route.ApiRequest;
import io.jocker.api.server.route.BodyMode;
import io.jocker.api.server.route.RawStreamHandler;
import io.jocker.api.server.route.Router;
import io.jocker.api.server.version.ApiVersion;
import io.jocker.api.server.version.UnsupportedVersionException;
import io.jocker.common.error.EngineException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the requests of one connection, one at a time and in order: version gate, routing, body
 * collection or streaming, then the handler on a virtual thread (or inline on the I/O thread for
 * handlers that never block). Requests that a client pipelines while one is being served wait in
 * order. Not thread-safe: every method runs on the connection's event loop; {@link NettyExchange}
 * hops there from handler threads.
 *
 * <p>Half-closure is allowed on the channel because the docker CLI half-closes a hijacked
 * connection right after the 101. On a connection that is not hijacked, the end of the client's
 * input means: finish the response in progress, then close; a stream in progress (events, logs
 * -f) is ended, since a half-closed client is indistinguishable from a gone one.
 */
final class HttpDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = System.getLogger(HttpDispatcher.class.getName());
    private static final int MAX_WAITING = 1024;
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9.]+)(/.*)");

    private final Router router;
    private final ServerIdentity identity;
    private final Executor handlerExecutor;
    private final int maxCollectedBody;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();

    private ChannelHandlerContext ctx;
    private InFlight current;
    private boolean inputShutdown;
    private RawStreamHandler hijacked;

    HttpDispatcher(Router router, ServerIdentity identity, Executor handlerExecutor, int maxCollectedBody) {
        this.router = router;
        this.identity = identity;
        this.handlerExecutor = handlerExecutor;
        this.maxCollectedBody = maxCollectedBody;
    }

    /** The request being served: its routing outcome, its body so far, and its exchange. */
    private static final class InFlight {
        final NettyExchange exchange;
        final boolean keepAlive;
        Runnable start;
        ByteArrayOutputStream collected;
        BodyInputStream stream;
        boolean bodyComplete;
        /** The body is not for anyone (the request was answered with an error before it ended). */
        boolean discardBody;
        /** The connection cannot serve another request after this one. */
        boolean closeAfter;

        InFlight(NettyExchange exchange, boolean keepAlive) {
            this.exchange = exchange;
            this.keepAlive = keepAlive;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (hijacked != null) {
            deliverRaw(msg);
            return;
        }
        if (current != null && current.bodyComplete) {
            // A pipelined request: serve it once the current response is complete.
            if (waiting.size() >= MAX_WAITING) {
                ReferenceCountUtil.release(msg);
                LOG.log(Level.WARNING, "closing a connection that pipelined more than " + MAX_WAITING + " messages");
                ctx.close();
                return;
            }
            waiting.addLast(msg);
            return;
        }
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(request);
            }
            if (msg instanceof HttpContent content && current != null) {
                onContent(content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        NettyExchange exchange = new NettyExchange(ctx.channel(), identity, request, this::onResponseComplete);
        current = new InFlight(exchange, keepAlive);
        if (!result.isSuccess()) {
            // Malformed or oversized: answer, then close; the decoder discards whatever follows.
            current.discardBody = true;
            current.closeAfter = true;
            current.bodyComplete = true;
            exchange.closeAfterResponse();
            answerError(malformed(result.cause()));
            return;
        }
        try {
            route(request);
        } catch (RuntimeException e) {
            current.discardBody = true;
            answerError(e);
        }
    }

    /** What the decoder could not read is always the client's fault: 400, or 431 when too large. */
    private static Throwable malformed(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            return cause;
        }
        return EngineException.invalidArgument("malformed HTTP request"
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
    }

    private void route(HttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String rawPath = uri.rawPath();
        String method = request.method().name();
        if (method.equals("OPTIONS")) {
            // dockerd answers every OPTIONS with an empty 200 (browsers' CORS preflight).
            current.discardBody = true;
            current.exchange.empty(200);
            return;
        }
        String cleaned = cleanPath(rawPath);
        if (!cleaned.equals(rawPath)) {
            // Like Go's router: redirect to the canonical path rather than guess.
            current.discardBody = true;
            current.exchange.redirect(cleaned + (uri.rawQuery().isEmpty() ? "" : "?" + uri.rawQuery()));
            return;
        }
        ApiVersion version = ApiVersion.MAX;
        String path = uri.path();
        Matcher versioned = VERSIONED.matcher(path);
        if (versioned.matches()) {
            version = checkVersion(versioned.group(1));
            path = versioned.group(2);
        }
        Router.Match match = router.find(method, path);
        Map<String, List<String>> query = uri.parameters();
        HttpRequestHeaders headers = new HttpRequestHeaders(request.headers());
        ApiVersion requestVersion = version;
        String requestPath = path;
        if (match.route().bodyMode() == BodyMode.STREAM) {
            BodyInputStream body = new BodyInputStream(reading ->
                    ctx.channel().eventLoop().execute(() -> ctx.channel().config().setAutoRead(reading)));
            current.stream = body;
            ApiRequest apiRequest = new ApiRequest(method, requestPath, requestVersion, match.pathParams(), query,
                    headers::get, new byte[0], body);
            run(match, apiRequest);
        } else {
            current.collected = new ByteArrayOutputStream();
            InFlight inFlight = current;
            current.start = () -> run(match, new ApiRequest(method, requestPath, requestVersion,
                    match.pathParams(), query, headers::get, inFlight.collected.toByteArray(), null));
        }
    }

    private static ApiVersion checkVersion(String text) {
        ApiVersion requested = ApiVersion.parse(text);
        if (requested.isBefore(ApiVersion.MIN)) {
            throw new UnsupportedVersionException("client version " + text
                    + " is too old. Minimum supported API version is " + ApiVersion.MIN
                    + ", please upgrade your client to a newer version");
        }
        if (ApiVersion.MAX.isBefore(requested)) {
            throw EngineException.invalidArgument("client version " + text
                    + " is too new. Maximum supported API version is " + ApiVersion.MAX);
        }
        return requested;
    }

    private void onContent(HttpContent content) {
        InFlight inFlight = current;
        boolean last = content instanceof LastHttpContent;
        ByteBuf data = content.content();
        if (!inFlight.discardBody && data.isReadable()) {
            if (inFlight.stream != null) {
                inFlight.stream.offer(ByteBufUtil.getBytes(data));
            } else if (inFlight.collected != null) {
                if (inFlight.collected.size() + data.readableBytes() > maxCollectedBody) {
                    inFlight.discardBody = true;
                    inFlight.closeAfter = true;
                    inFlight.exchange.closeAfterResponse();
                    inFlight.collected = null;
                    inFlight.start = null;
                    answerError(EngineException.invalidArgument(
                            "request body larger than " + maxCollectedBody + " bytes"));
                } else {
                    inFlight.collected.writeBytes(ByteBufUtil.getBytes(data));
                }
            }
        }
        boolean broken = !content.decoderResult().isSuccess();
        if (broken) {
            // A body that cannot be decoded (a bad chunk) ends the request and the connection.
            inFlight.discardBody = true;
            inFlight.closeAfter = true;
            inFlight.exchange.closeAfterResponse();
            if (inFlight.start != null) {
                inFlight.start = null;
                answerError(malformed(content.decoderResult().cause()));
            }
        }
        if (last || broken) {
            inFlight.bodyComplete = true;
            if (inFlight.stream != null) {
                if (broken) {
                    inFlight.stream.fail(new IOException("malformed request body"));
                } else {
                    inFlight.stream.end();
                }
            }
            if (inFlight.start != null) {
                Runnable start = inFlight.start;
                inFlight.start = null;
                start.run();
            }
            if (inFlight.exchange.isComplete()) {
                finishAfterResponse();
            }
        }
    }

    private void run(Router.Match match, ApiRequest request) {
        NettyExchange exchange = current.exchange;
        Runnable task = () -> {
            try {
                match.route().handler().handle(request, exchange);
                exchange.verifyAnswered();
            } catch (Throwable t) {
                if (exchange.isStarted()) {
                    LOG.log(Level.WARNING, "request " + request.method() + " " + request.path()
                            + " failed after its response started; closing the connection", t);
                    exchange.abort();
                } else {
                    exchange.error(t);
                }
            }
        };
        if (match.route().inline()) {
            task.run();
        } else {
            handlerExecutor.execute(task);
        }
    }

    private void answerError(Throwable failure) {
        current.exchange.error(failure);
    }

    /** Called on the event loop once the last byte of a complete response has been written. */
    private void onResponseComplete() {
        if (current != null && current.bodyComplete) {
            finishAfterResponse();
        }
        // else: the client is still sending a body the handler did not wait for; finish when it ends.
    }

    private void finishAfterResponse() {
        InFlight done = current;
        current = null;
        boolean reusable = done.keepAlive && !done.closeAfter && !inputShutdown && !done.exchange.isAborted()
                && (done.stream == null || done.stream.isComplete());
        if (!reusable) {
            ctx.close();
            return;
        }
        ctx.channel().config().setAutoRead(true);
        // Serve what was pipelined meanwhile, up to the next request whose body is complete (its
        // response will call back here).
        while (!waiting.isEmpty() && (current == null || !current.bodyComplete)) {
            channelRead(ctx, waiting.pollFirst());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (hijacked != null) {
                hijacked.onInputClosed();
            } else if (current == null) {
                ctx.close();
            } else if (current.exchange.isStreaming()) {
                current.exchange.abort();
            } else if (current.stream != null && !current.stream.isComplete()) {
                current.stream.fail(new IOException("client closed the connection before the body ended"));
            }
            // else: a complete response is on its way; finishAfterResponse() closes after it.
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /**
     * Switches this connection to raw bytes. Called on the event loop by the exchange after it has
     * removed the HTTP codec and written the 101/200 head.
     */
    void hijack(RawStreamHandler handler) {
        hijacked = handler;
        current = null;
        ctx.channel().config().setAutoRead(true);
        while (!waiting.isEmpty()) {
            deliverRaw(waiting.pollFirst());
        }
        if (inputShutdown) {
            handler.onInputClosed();
        }
    }

    private void deliverRaw(Object msg) {
        try {
            if (msg instanceof ByteBuf data && data.isReadable()) {
                hijacked.onInput(ByteBufUtil.getBytes(data));
            } else if (msg instanceof HttpContent content && content.content().isReadable()) {
                hijacked.onInput(ByteBufUtil.getBytes(content.content()));
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (hijacked != null) {
            hijacked.onClosed();
        }
        if (current != null) {
            current.exchange.connectionClosed();
            if (current.stream != null) {
                current.stream.fail(new IOException("client closed the connection"));
            }
        }
        while (!waiting.isEmpty()) {
            ReferenceCountUtil.release(waiting.pollFirst());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes are how clients leave; anything else is worth a line.
        if (!(cause instanceof IOException)) {
            LOG.log(Level.WARNING, "connection failed", cause);
        } else {
            LOG.log(Level.DEBUG, "connection closed: " + cause.getMessage());
        }
        ctx.close();
    }

    /** Removes empty, "." and ".." segments as Go's path.Clean does; "/" stays "/". */
    static String cleanPath(String path) {
        if (!path.contains("//") && !path.contains("/.") && path.startsWith("/")) {
            return path;
        }
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(segment);
            }
        }
        String cleaned = "/" + String.join("/", parts);
        return path.endsWith("/") && !cleaned.equals("/") ? cleaned + "/" : cleaned;
    }

    /** Request headers as handlers read them, looked up case-insensitively. */
    private record HttpRequestHeaders(io.netty.handler.codec.http.HttpHeaders headers) {
        String get(String name) {
            return headers.get(name);
        }
    }

    static boolean wantsUpgrade(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    static boolean isHead(HttpRequest request) {
        return request.method().equals(HttpMethod.HEAD);
    }
}
