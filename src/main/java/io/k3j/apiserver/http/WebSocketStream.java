package io.k3j.apiserver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ResponseStream} over a connection upgraded to WebSocket: each write is one text
 * message carrying exactly the bytes a chunk would (upstream frames JSON watch events as text);
 * when the channel's outbound buffer is full the writer waits for it to drain, as
 * {@link ChannelStream} does. The conversation ends with one close frame, after which the
 * connection is closed.
 */
final class WebSocketStream implements ResponseStream {

    private final Channel channel;
    private final AtomicBoolean closing = new AtomicBoolean();

    WebSocketStream(Channel channel) {
        this.channel = channel;
    }

    @Override
    public boolean write(byte[] message) {
        if (!channel.isActive() || closing.get()) {
            return false;
        }
        ChannelFuture f = channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(message)));
        if (!channel.isWritable()) {
            if (!f.awaitUninterruptibly(30, TimeUnit.SECONDS) || !f.isSuccess()) {
                return false;
            }
        }
        return channel.isActive() && !closing.get();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closing.get();
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /**
     * Sends {@code frame} and closes the connection once it is written; if a close frame has
     * been sent already, releases {@code frame} and closes the connection now (both sides have
     * said goodbye).
     */
    void close(CloseWebSocketFrame frame) {
        if (!closing.compareAndSet(false, true)) {
            frame.release();
            channel.close();
            return;
        }
        if (!channel.isActive()) {
            frame.release();
            return;
        }
        channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    }
}
