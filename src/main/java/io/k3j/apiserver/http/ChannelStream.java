package io.k3j.apiserver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ResponseStream} over a Netty channel: each write is one flushed HTTP chunk; when the
 * channel's outbound buffer is full the writer waits for it to drain (backpressure).
 */
final class ChannelStream implements ResponseStream {

    private final Channel channel;

    ChannelStream(Channel channel) {
        this.channel = channel;
    }

    @Override
    public boolean write(byte[] chunk) {
        if (!channel.isActive()) {
            return false;
        }
        ChannelFuture f = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
        if (!channel.isWritable()) {
            if (!f.awaitUninterruptibly(30, TimeUnit.SECONDS) || !f.isSuccess()) {
                return false;
            }
        }
        return channel.isActive();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }
}
