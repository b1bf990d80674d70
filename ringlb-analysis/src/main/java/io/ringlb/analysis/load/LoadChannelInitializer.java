package io.ringlb.analysis.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;

/** The pipeline of a load connection: HTTP/1.1 codec, whole responses, and callbacks to the {@link LoadConnection}. */
final class LoadChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Largest response body read; /home answers are under 100 bytes. */
    private static final int MAX_RESPONSE = 1 << 20;

    private final LoadConnection connection;

    LoadChannelInitializer(LoadConnection connection) {
        this.connection = connection;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), new Callbacks(connection));
    }

    /** Forwards responses and losses of the channel to its connection. */
    private static final class Callbacks extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final LoadConnection connection;

        Callbacks(LoadConnection connection) {
            this.connection = connection;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            connection.response(ctx.channel(), res);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            connection.lost(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            connection.lost(ctx.channel());
        }
    }
}
