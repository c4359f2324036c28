package io.k3j.apiserver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client says on an upgraded watch connection: pings are answered with pongs, a close
 * frame is answered with one (echoing its status) and ends the connection, which ends the watch;
 * data frames are dropped, as upstream's watch server ignores what it receives.
 */
final class WebSocketControl extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketControl.class);

    private final WebSocketStream stream;

    WebSocketControl(WebSocketStream stream) {
        this.stream = stream;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        switch (frame) {
            case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            case CloseWebSocketFrame close -> stream.close(close.statusCode() < 0 ? new CloseWebSocketFrame()
                    : new CloseWebSocketFrame(close.statusCode(), ""));
            default -> {
                // pongs and data: nothing to do
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("websocket error: {}", cause.toString());
        ctx.close();
    }
}
