package io.k3j.apiserver.http;

import io.k3j.apiserver.authn.ClientCertAuthenticator;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTPS listener: HTTP/2 or HTTP/1.1 chosen by ALPN; Netty event loops do TLS and HTTP
 * framing only; each request is handed to a virtual thread running the {@link Handler}. Not
 * restartable once closed.
 */
public final class HttpServer implements AutoCloseable {

    /** Largest request body accepted (upstream's default limit is 3 MiB). */
    public static final int MAX_BODY = 3 * 1024 * 1024;

    private static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2,
            EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    /**
     * Remote requests are handled on platform threads: the server's own components run on virtual
     * threads, and however many of those are runnable, the operating system still gives a request
     * thread its share of the CPU at once instead of a place at the end of the carriers' queue.
     */
    private final ExecutorService requests = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("k3j-request-", 0).daemon().factory());
    /** Watches and other streams, once their handler returned, run on virtual threads. */
    private final ExecutorService streams = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    private final RequestGauge gauge;
    private Channel channel;

    public HttpServer() {
        this(RequestGauge.NONE);
    }

    /** With {@code gauge} told of every remote request the handlers take. */
    public HttpServer(RequestGauge gauge) {
        this.gauge = gauge;
    }

    /** Binds and starts serving; returns once the port accepts connections. */
    public InetSocketAddress start(InetSocketAddress address, SslContext tls, Handler handler) {
        return start(address, tls, handler, null);
    }

    /** As {@link #start(InetSocketAddress, SslContext, Handler)}, also accepting bearer tokens. */
    public InetSocketAddress start(InetSocketAddress address, SslContext tls, Handler handler,
                                   io.k3j.apiserver.authn.TokenAuthenticator tokens) {
        ClientCertAuthenticator authenticator = new ClientCertAuthenticator();
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        // many small flushes (watch events to many streams) become one TLS write
                        ch.pipeline().addLast("flush", new FlushConsolidationHandler(256, true));
                        ch.pipeline().addLast("alpn", new ProtocolNegotiator(() ->
                                new RequestDispatcher(handler, requests, streams, authenticator, tokens, gauge)));
                    }
                });
        try {
            channel = b.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + address, e);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + address.getHostString() + ":"
                    + address.getPort() + ": " + e.getMessage(), e);
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        boss.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS);
        requests.shutdownNow();
        streams.shutdownNow();
        boss.terminationFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
}
