package io.k3j.apiserver.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Supplier;

/**
 * Sets up the connection's pipeline once TLS has negotiated the protocol: HTTP/2 with one
 * child channel per stream (each speaking HTTP/1-style objects to the same dispatcher), or
 * HTTP/1.1.
 */
final class ProtocolNegotiator extends ApplicationProtocolNegotiationHandler {

    /** Streams one client may have open at once (watches hold theirs open). */
    static final long MAX_CONCURRENT_STREAMS = 100_000;

    private final Supplier<ChannelHandler> dispatcher;

    ProtocolNegotiator(Supplier<ChannelHandler> dispatcher) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.dispatcher = dispatcher;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast("h2", Http2FrameCodecBuilder.forServer()
                    .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                            .maxHeaderListSize(1024 * 1024))
                    .build());
            ctx.pipeline().addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel stream) {
                    stream.pipeline().addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
                    stream.pipeline().addLast("aggregate", new StatusAggregator());
                    stream.pipeline().addLast("dispatch", dispatcher.get());
                }
            }));
            return;
        }
        ctx.pipeline().addLast("http", new HttpServerCodec());
        ctx.pipeline().addLast("aggregate", new StatusAggregator());
        ctx.pipeline().addLast("dispatch", dispatcher.get());
    }
}
