package io.k3j.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;

/**
 * Many watch streams over a few HTTP/2 connections on one Netty event loop: a load client light
 * enough that the fan-out benchmark measures the server, not the client. Each complete JSON
 * line a stream receives is handed, with its arrival time, to a callback.
 */
final class WatchStreams implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> connections = new ArrayList<>();

    /**
     * Opens {@code streams} watches of {@code path}, {@code perConnection} per connection, and
     * waits until each has its response headers; {@code onLine} gets (stream index, line).
     */
    WatchStreams(SSLContext ssl, String host, int port, String path, int streams, int perConnection,
                 BiConsumer<Integer, String> onLine) throws Exception {
        SslContext tls = new JdkSslContext(ssl, true, null, IdentityCipherSuiteFilter.INSTANCE,
                new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2),
                ClientAuth.NONE, null, false);
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings().initialWindowSize(1 << 24)).build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                            }
                        }));
                    }
                });
        CountDownLatch headers = new CountDownLatch(streams);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            if (i % perConnection == 0) {
                connections.add(b.connect(host, port).sync().channel());
            }
            int id = i;
            Http2StreamChannel stream = new Http2StreamChannelBootstrap(connections.getLast())
                    .handler(new SimpleChannelInboundHandler<Object>() {
                        private final StringBuilder pending = new StringBuilder();

                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof Http2HeadersFrame h) {
                                if (!"200".contentEquals(h.headers().status())) {
                                    synchronized (failures) {
                                        failures.add("stream " + id + ": status " + h.headers().status());
                                    }
                                }
                                headers.countDown();
                            } else if (msg instanceof Http2DataFrame d) {
                                lines(d.content(), System.nanoTime());
                            }
                        }

                        private void lines(ByteBuf data, long now) {
                            pending.append(data.toString(StandardCharsets.UTF_8));
                            for (int nl; (nl = pending.indexOf("\n")) >= 0; ) {
                                onLine.accept(id, pending.substring(0, nl));
                                pending.delete(0, nl + 1);
                            }
                        }
                    }).open().sync().getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").scheme("https")
                    .authority(host + ":" + port).path(path), true));
        }
        if (!headers.await(60, TimeUnit.SECONDS) || !failures.isEmpty()) {
            throw new IllegalStateException("watches not established: " + headers.getCount() + " waiting, " + failures);
        }
    }

    @Override
    public void close() {
        connections.forEach(Channel::close);
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
    }
}
