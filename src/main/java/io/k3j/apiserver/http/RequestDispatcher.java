package io.k3j.apiserver.http;

import io.k3j.api.Status;
import io.k3j.apiserver.authn.ClientCertAuthenticator;
import io.k3j.apiserver.authn.TokenAuthenticator;
import io.k3j.apiserver.authn.UserInfo;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an aggregated Netty request into an {@link ApiRequest}, authenticates the TLS client
 * certificate, runs the handler on a virtual thread and writes its response: whole, chunked
 * (a stream), or, when an HTTP/1.1 client asked for it, a stream over WebSocket. A handler
 * failure becomes a 500 Status, never a dropped connection.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);
    private static final AttributeKey<Optional<UserInfo>> USER = AttributeKey.valueOf("k3j.user");

    private final Handler handler;
    private final ExecutorService executor;
    private final ExecutorService streams;
    private final ClientCertAuthenticator authenticator;
    private final TokenAuthenticator tokens;
    private final RequestGauge gauge;

    RequestDispatcher(Handler handler, ExecutorService executor, ExecutorService streams,
                      ClientCertAuthenticator authenticator, TokenAuthenticator tokens, RequestGauge gauge) {
        this.handler = handler;
        this.executor = executor;
        this.streams = streams;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.gauge = gauge;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (!msg.decoderResult().isSuccess()) {
            write(ctx, ApiResponse.status(Status.badRequest("malformed HTTP request")), false);
            return;
        }
        QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
        Map<String, String> headers = new HashMap<>();
        for (Entry<String, String> h : msg.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        Map<String, List<String>> query = qs.parameters();
        Optional<UserInfo> certificateUser = user(ctx);
        String method = msg.method().name();
        byte[] body = ByteBufUtil.getBytes(msg.content());
        WebSocketUpgrade upgrade = ctx.channel() instanceof Http2StreamChannel ? null : WebSocketUpgrade.of(msg);
        executor.execute(() -> {
            // bearer tokens off the event loop: service account tokens may look objects up
            Optional<UserInfo> user = certificateUser.isEmpty() && tokens != null ? tokens.authenticate(headers)
                    : certificateUser;
            ApiRequest request = new ApiRequest(method, qs.path(), query, headers, body, user);
            ApiResponse response;
            gauge.started();
            try {
                response = handler.handle(request);
            } catch (Exception | StackOverflowError e) {
                LOG.error("{} {} failed", request.method(), request.path(), e);
                response = ApiResponse.status(Status.internalError("internal error: " + e.getClass().getSimpleName()));
            } finally {
                gauge.finished();
            }
            ApiResponse r = response;
            if (r.stream() != null && upgrade != null) {
                streams.execute(() -> streamOverWebSocket(ctx, upgrade, r, request));
            } else if (r.stream() != null) {
                streams.execute(() -> stream(ctx, r, request));
            } else {
                write(ctx, response, keepAlive);
            }
        });
    }

    private static void stream(ChannelHandlerContext ctx, ApiResponse r, ApiRequest request) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()));
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        r.headers().forEach((k, v) -> head.headers().set(k, v));
        ctx.writeAndFlush(head);
        ChannelStream out = new ChannelStream(ctx.channel());
        try {
            r.stream().write(out);
        } catch (Exception e) {
            LOG.debug("stream {} ended: {}", request.path(), e.toString());
        }
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void streamOverWebSocket(ChannelHandlerContext ctx, WebSocketUpgrade upgrade, ApiResponse r,
                                            ApiRequest request) {
        ApiResponse refused = upgrade.problem();
        if (refused != null) {
            write(ctx, refused, false);
            return;
        }
        WebSocketStream out = upgrade.accept(ctx.channel(), ctx.name());
        if (out == null) {
            return;
        }
        try {
            r.stream().write(out);
        } catch (Exception e) {
            LOG.debug("websocket stream {} ended: {}", request.path(), e.toString());
        }
        out.close(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
    }

    /** The connection's client-certificate user, worked out once per connection. */
    private Optional<UserInfo> user(ChannelHandlerContext ctx) {
        // an HTTP/2 stream's parent is its connection; an HTTP/1.1 connection's parent is the listener
        Channel connection = ctx.channel() instanceof Http2StreamChannel ? ctx.channel().parent() : ctx.channel();
        Attribute<Optional<UserInfo>> cached = connection.attr(USER);
        Optional<UserInfo> user = cached.get();
        if (user != null) {
            return user;
        }
        SslHandler tls = connection.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            user = authenticator.authenticate(chain);
        } catch (SSLPeerUnverifiedException e) {
            user = Optional.empty();
        }
        cached.set(user);
        return user;
    }

    private static void write(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        r.headers().forEach((k, v) -> response.headers().set(k, v));
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
