package io.k3j.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeTest {

    /** RFC 6455's sample key and the accept value it must produce. */
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static FullHttpRequest request(HttpMethod method, String... headers) {
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method,
                "/api/v1/namespaces/default/configmaps?watch=true");
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    private static FullHttpRequest handshake(String... extra) {
        FullHttpRequest r = request(HttpMethod.GET, "Host", "example", "Upgrade", "websocket",
                "Connection", "keep-alive, Upgrade", "Sec-WebSocket-Key", KEY, "Sec-WebSocket-Version", "13");
        for (int i = 0; i < extra.length; i += 2) {
            r.headers().set(extra[i], extra[i + 1]);
        }
        return r;
    }

    @Test
    void recognisesUpstreamsWebSocketRequests() {
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET, "Upgrade", "WebSocket", "Connection", "Upgrade")))
                .isNotNull();
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET, "Upgrade", "websocket",
                "Connection", "keep-alive,upgrade"))).isNotNull();
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET, "Upgrade", "websocket"))).isNull();
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET, "Upgrade", "h2c", "Connection", "Upgrade"))).isNull();
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET, "Upgrade", "websocket", "Connection", "upgraded")))
                .isNull();
        assertThat(WebSocketUpgrade.of(request(HttpMethod.GET))).isNull();
    }

    @Test
    void refusesHandshakesItCannotAnswer() {
        assertThat(WebSocketUpgrade.of(handshake()).problem()).isNull();
        assertThat(WebSocketUpgrade.of(handshake("Sec-WebSocket-Protocol", "base64.binary.k8s.io")).problem())
                .isNull();

        ApiResponse version = WebSocketUpgrade.of(handshake("Sec-WebSocket-Version", "8")).problem();
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.headers()).containsEntry("sec-websocket-version", "13");
        assertThat(new String(version.body(), StandardCharsets.UTF_8)).contains("\"reason\":\"BadRequest\"")
                .contains("missing or bad WebSocket Version");

        FullHttpRequest noKey = handshake();
        noKey.headers().remove("Sec-WebSocket-Key");
        assertThat(WebSocketUpgrade.of(noKey).problem().status()).isEqualTo(400);
        assertThat(WebSocketUpgrade.of(handshake("Sec-WebSocket-Protocol", "a.k8s.io, b.k8s.io")).problem().status())
                .isEqualTo(400);
        FullHttpRequest head = handshake();
        head.setMethod(HttpMethod.HEAD);
        assertThat(WebSocketUpgrade.of(head).problem().status()).isEqualTo(405);
    }

    @Test
    void handshakeSwitchesTheConnectionToFrames() {
        EmbeddedChannel server = connection();
        WebSocketStream stream = WebSocketUpgrade.of(handshake("Sec-WebSocket-Protocol", "base64.binary.k8s.io"))
                .accept(server, "dispatch");

        assertThat(stream).isNotNull();
        String response = drain(server).toString(StandardCharsets.US_ASCII);
        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                .containsIgnoringCase("upgrade: websocket\r\n").containsIgnoringCase("connection: upgrade\r\n")
                .containsIgnoringCase("sec-websocket-accept: " + ACCEPT + "\r\n")
                .containsIgnoringCase("sec-websocket-protocol: base64.binary.k8s.io\r\n");
        assertThat(server.pipeline().names()).contains("websocket").doesNotContain("dispatch", "http", "aggregate");

        byte[] event = "{\"type\":\"ADDED\",\"object\":{}}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(stream.write(event)).isTrue();
        WebSocketFrame message = clientReads(server);
        assertThat(message).isInstanceOf(TextWebSocketFrame.class);
        assertThat(((TextWebSocketFrame) message).text()).isEqualTo(new String(event, StandardCharsets.UTF_8));
        message.release();
    }

    @Test
    void answersPingsAndEchoesTheClientsClose() {
        EmbeddedChannel server = connection();
        WebSocketStream stream = WebSocketUpgrade.of(handshake()).accept(server, "dispatch");
        drain(server).release();
        AtomicInteger closed = new AtomicInteger();
        stream.onClose(closed::incrementAndGet);

        clientSends(server, new PingWebSocketFrame(Unpooled.copiedBuffer("hi", StandardCharsets.UTF_8)));
        WebSocketFrame pong = clientReads(server);
        assertThat(pong).isInstanceOf(PongWebSocketFrame.class);
        assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hi");
        pong.release();

        clientSends(server, new TextWebSocketFrame("ignored"));
        assertThat((Object) server.readOutbound()).isNull();
        assertThat(server.isActive()).isTrue();

        clientSends(server, new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE));
        WebSocketFrame close = clientReads(server);
        assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1001);
        close.release();
        assertThat(server.isActive()).isFalse();
        assertThat(closed).hasValue(1);
        assertThat(stream.write("late".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void theServerEndsWithOneCloseFrame() {
        EmbeddedChannel server = connection();
        WebSocketStream stream = WebSocketUpgrade.of(handshake()).accept(server, "dispatch");
        drain(server).release();

        stream.close(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));
        stream.close(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));

        WebSocketFrame close = clientReads(server);
        assertThat(close).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(1000);
        close.release();
        assertThat((Object) server.readOutbound()).isNull();
        assertThat(server.isActive()).isFalse();
        assertThat(stream.isOpen()).isFalse();
    }

    /** An HTTP/1.1 connection's pipeline as the server builds it. */
    private static EmbeddedChannel connection() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast("http", new HttpServerCodec());
        ch.pipeline().addLast("aggregate", new StatusAggregator());
        ch.pipeline().addLast("dispatch", new ChannelInboundHandlerAdapter());
        return ch;
    }

    private static ByteBuf drain(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    /** The next frame the server wrote, decoded as a client would (unmasked frames expected). */
    private static WebSocketFrame clientReads(EmbeddedChannel server) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
        client.writeInbound(drain(server));
        WebSocketFrame frame = client.readInbound();
        assertThat(frame).isNotNull();
        assertThat((Object) client.readInbound()).isNull();
        return frame;
    }

    /** Sends a frame as a client does (masked). */
    private static void clientSends(EmbeddedChannel server, WebSocketFrame frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        client.writeOutbound(frame);
        server.writeInbound(drain(client));
    }
}
