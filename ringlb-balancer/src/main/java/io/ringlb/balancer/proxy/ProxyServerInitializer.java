package io.ringlb.balancer.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The pipeline of a client connection: idle timeout, HTTP/1.1 request decoder and response encoder, the proxy. */
public final class ProxyServerInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyContext proxy;
    private final long idleMillis;

    public ProxyServerInitializer(ProxyContext proxy, Duration clientIdleTimeout) {
        this.proxy = proxy;
        this.idleMillis = clientIdleTimeout.toMillis();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline().addLast(
                // Reader-idle only: an all-idle or writer-idle handler would hook every write.
                new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS),
                // Not HttpServerCodec: replica responses skip the encoder, and the codec would queue
                // every request's method for an encoder that never sees its response.
                new HttpResponseEncoder(),
                new HttpRequestDecoder(8192, 16 * 1024, 64 * 1024),
                new FrontendHandler(proxy)); // which also answers Expect: 100-continue
    }
}
