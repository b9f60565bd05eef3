package io.jocker.api.server.http;

import io.jocker.api.server.route.Router;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import java.util.concurrent.Executor;

/** The pipeline of every API connection: HTTP/1.1 codec, 100-continue, the dispatcher. Thread-safe. */
public final class HttpChannelInitializer extends ChannelInitializer<Channel> {
    private static final int MAX_CHUNK = 64 << 10;

    private final Router router;
    private final ServerIdentity identity;
    private final Executor handlers;
    private final int maxInitialLine;
    private final int maxHeaderBytes;
    private final int maxCollectedBody;

    public HttpChannelInitializer(Router router, ServerIdentity identity, Executor handlers, int maxInitialLine,
            int maxHeaderBytes, int maxCollectedBody) {
        this.router = router;
        this.identity = identity;
        this.handlers = handlers;
        this.maxInitialLine = maxInitialLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxCollectedBody = maxCollectedBody;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast(new HttpServerCodec(maxInitialLine, maxHeaderBytes, MAX_CHUNK))
                .addLast(new HttpServerExpectContinueHandler())
                .addLast(new HttpDispatcher(router, identity, handlers, maxCollectedBody));
    }
}
