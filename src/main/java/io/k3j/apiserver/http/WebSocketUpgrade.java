package io.k3j.apiserver.http;

import io.k3j.api.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A client's request to carry a streamed response (a watch) over WebSocket, as upstream's watch
 * server accepts it: an HTTP/1.1 request with {@code Upgrade: websocket} and a {@code Connection}
 * header listing {@code upgrade} (upstream's {@code wsstream.IsWebSocketRequest}). The upgrade is
 * made only once the handler has answered with a stream, so authentication, authorization and
 * request errors are plain HTTP responses. Like upstream, only protocol version 13 is spoken and
 * a single offered subprotocol is echoed (none changes how a watch is framed); unlike upstream,
 * a request without an {@code Origin} header is accepted, as non-browser clients send none.
 */
final class WebSocketUpgrade {

    /** The only protocol version spoken (RFC 6455). */
    static final String VERSION = "13";
    /** Largest frame accepted from the client, which has nothing to send but control frames. */
    static final int MAX_CLIENT_FRAME = 64 * 1024;

    private final HttpRequest request;

    private WebSocketUpgrade(HttpRequest request) {
        this.request = request;
    }

    /** Whether the headers ask for a WebSocket. */
    static boolean requested(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return false;
        }
        return tokens(headers.get(HttpHeaderNames.CONNECTION)).contains("upgrade");
    }

    /**
     * The upgrade {@code request} asks for, or null if it asks for none. Keeps a copy of the
     * request line and headers, so the aggregated request may be released.
     */
    static WebSocketUpgrade of(FullHttpRequest request) {
        if (!requested(request.headers())) {
            return null;
        }
        return new WebSocketUpgrade(new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers().copy(), EmptyHttpHeaders.INSTANCE));
    }

    /** Why the handshake cannot be made, as the response to send instead; null if it can. */
    ApiResponse problem() {
        HttpHeaders h = request.headers();
        if (!HttpMethod.GET.equals(request.method())) {
            return ApiResponse.status(Status.methodNotAllowed("bad method"));
        }
        if (!VERSION.equals(trimmed(h.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION)))) {
            ApiResponse r = ApiResponse.status(Status.badRequest("missing or bad WebSocket Version"));
            return new ApiResponse(r.status(), r.contentType(), r.body(),
                    Map.of(HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(), VERSION));
        }
        if (trimmed(h.get(HttpHeaderNames.SEC_WEBSOCKET_KEY)).isEmpty()) {
            return ApiResponse.status(Status.badRequest("missing Sec-WebSocket-Key"));
        }
        if (tokens(h.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)).size() > 1) {
            return ApiResponse.status(Status.badRequest("missing or bad WebSocket-Protocol"));
        }
        return null;
    }

    /**
     * Answers the handshake (101 Switching Protocols), switches the connection's pipeline to
     * WebSocket frames and returns the stream to write to; null if the client went away first.
     * Call only when {@link #problem()} is null.
     */
    WebSocketStream accept(Channel channel, String dispatcherName) {
        String protocol = trimmed(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshaker13(request.uri(),
                protocol.isEmpty() ? null : protocol,
                WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_CLIENT_FRAME).allowExtensions(false).build());
        WebSocketStream stream = new WebSocketStream(channel);
        channel.pipeline().replace(dispatcherName, "websocket", new WebSocketControl(stream));
        ChannelFuture done;
        try {
            done = handshaker.handshake(channel, request);
        } catch (RuntimeException e) {
            // checked by problem() already; a connection that cannot switch is given up
            channel.close();
            return null;
        }
        if (!done.awaitUninterruptibly(30, TimeUnit.SECONDS) || !done.isSuccess()) {
            channel.close();
            return null;
        }
        return stream;
    }

    private static List<String> tokens(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty()).toList();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
