package io.jocker.api.server.http;

import io.jocker.api.server.error.ErrorMapper;
import io.jocker.api.server.json.WireJson;
import io.jocker.api.server.route.Exchange;
import io.jocker.api.server.route.RawStream;
import io.jocker.api.server.route.RawStreamHandler;
import io.jocker.api.server.route.ResponseStream;
import io.jocker.api.types.error.ErrorResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty side of {@link Exchange}: turns a handler's answer into HTTP on one channel. Callable
 * from any thread; state changes of the connection happen on its event loop. Thread-safe.
 */
final class NettyExchange implements Exchange {
    private final Channel channel;
    private final ServerIdentity identity;
    private final boolean keepAliveRequested;
    private final boolean upgradeRequested;
    private final Runnable onComplete;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean complete;
    private volatile boolean streaming;
    private volatile boolean aborted;
    private volatile boolean closed;
    private volatile boolean closeAfter;
    private final List<Runnable> closeActions = new ArrayList<>();

    NettyExchange(Channel channel, ServerIdentity identity, HttpRequest request, Runnable onComplete) {
        this.channel = channel;
        this.identity = identity;
        this.keepAliveRequested = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
        this.upgradeRequested = HttpDispatcher.wantsUpgrade(request);
        this.onComplete = onComplete;
    }

    @Override
    public void json(int status, Object body) {
        byte[] json = WireJson.write(body);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n'; // dockerd's encoder ends every JSON body with a newline
        bytes(status, "application/json", line);
    }

    @Override
    public void bytes(int status, String contentType, byte[] body, java.util.Map<String, String> headers) {
        claim();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach(response.headers()::set);
        sendComplete(response);
    }

    @Override
    public void empty(int status) {
        claim();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.EMPTY_BUFFER);
        if (status != 204 && status != 304) {
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        }
        sendComplete(response);
    }

    /** A 301 to the canonical form of a path, as Go's router sends for "//version". */
    void redirect(String location) {
        claim();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.MOVED_PERMANENTLY, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        sendComplete(response);
    }

    /** Answers a failure through the one error mapper. */
    void error(Throwable failure) {
        ErrorMapper.Answer answer = ErrorMapper.map(failure);
        if (answer.message() == null) {
            empty(answer.status());
        } else if (answer.plainText()) {
            bytes(answer.status(), "text/plain; charset=utf-8",
                    (answer.message() + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
            json(answer.status(), new ErrorResponse(answer.message()));
        }
    }

    @Override
    public ResponseStream stream(int status, String contentType) {
        claim();
        streaming = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        identity.addTo(head.headers());
        keepAliveHeader(head);
        channel.writeAndFlush(head);
        return new Stream();
    }

    @Override
    public void hijack(String contentType, RawStreamHandler handler) {
        claim();
        streaming = true;
        String head = (upgradeRequested
                ? "HTTP/1.1 101 UPGRADED\r\nContent-Type: " + contentType + "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                : "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\n")
                + identity.asHeaderLines() + "\r\n";
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            // From here on the bytes are the application's: no HTTP framing either way.
            if (pipeline.get(HttpServerExpectContinueHandler.class) != null) {
                pipeline.remove(HttpServerExpectContinueHandler.class);
            }
            pipeline.remove(HttpServerCodec.class);
            channel.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII)));
            HttpDispatcher dispatcher = pipeline.get(HttpDispatcher.class);
            RawStream raw = new Raw();
            handler.onOpen(raw);
            dispatcher.hijack(handler);
        });
    }

    /** Marks the response as the connection's last: it says "Connection: close". */
    void closeAfterResponse() {
        closeAfter = true;
    }

    private void keepAliveHeader(HttpResponse response) {
        if (!keepAliveRequested || closeAfter) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void sendComplete(FullHttpResponse response) {
        identity.addTo(response.headers());
        keepAliveHeader(response);
        channel.writeAndFlush(response).addListener(f -> finish());
    }

    private void finish() {
        complete = true;
        runCloseActions();
        channel.eventLoop().execute(onComplete);
    }

    private void claim() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("the request was already answered");
        }
    }

    void verifyAnswered() {
        if (!answered.get()) {
            throw new IllegalStateException("handler returned without answering");
        }
    }

    boolean isStarted() {
        return answered.get();
    }

    boolean isComplete() {
        return complete;
    }

    boolean isStreaming() {
        return streaming && !complete;
    }

    boolean isAborted() {
        return aborted;
    }

    /** Ends a started response by closing the connection. */
    void abort() {
        aborted = true;
        channel.close();
        connectionClosed();
    }

    void connectionClosed() {
        closed = true;
        runCloseActions();
    }

    private void runCloseActions() {
        List<Runnable> actions;
        synchronized (closeActions) {
            actions = new ArrayList<>(closeActions);
            closeActions.clear();
        }
        actions.forEach(Runnable::run);
    }

    private final class Stream implements ResponseStream {
        @Override
        public void write(byte[] chunk) {
            if (isOpen()) {
                channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
            }
        }

        @Override
        public void writeAndWait(byte[] chunk) throws java.io.IOException {
            if (!isOpen()) {
                throw new java.io.IOException("the client went away");
            }
            io.netty.channel.ChannelFuture written = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
            if (!channel.isWritable() && !channel.eventLoop().inEventLoop()) {
                written.awaitUninterruptibly();
                if (!written.isSuccess()) {
                    throw new java.io.IOException("the client went away", written.cause());
                }
            }
        }

        @Override
        public void end() {
            if (isOpen()) {
                channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish());
            }
        }

        @Override
        public void abort() {
            NettyExchange.this.abort();
        }

        @Override
        public boolean isOpen() {
            return !complete && !closed && channel.isActive();
        }

        @Override
        public void onClose(Runnable action) {
            boolean runNow;
            synchronized (closeActions) {
                runNow = complete || closed;
                if (!runNow) {
                    closeActions.add(action);
                }
            }
            if (runNow) {
                action.run();
            }
        }

        @Override
        public boolean isWritable() {
            return channel.isWritable();
        }
    }

    /** How long a producer's close waits for its output to reach the client. */
    private static final long CLOSE_FLUSH_MILLIS = 2_000;

    private final class Raw implements RawStream {
        @Override
        public void write(byte[] data) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(data));
        }

        @Override
        public void shutdownOutput() {
            if (channel instanceof DuplexChannel duplex) {
                channel.eventLoop().execute(duplex::shutdownOutput);
            } else {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void close() {
            // Flush what is queued before closing, so the last output is not lost.
            ChannelFuture flushed = channel.writeAndFlush(Unpooled.EMPTY_BUFFER);
            flushed.addListener(ChannelFutureListener.CLOSE);
            if (!channel.eventLoop().inEventLoop()) {
                // A producer thread waits, so whoever it tells next ("the container exited")
                // is heard after the client has the last byte; the event loop itself never waits.
                channel.closeFuture().awaitUninterruptibly(CLOSE_FLUSH_MILLIS);
            }
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }
    }
}
