package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private static HttpContent piece(String s) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    @Test
    void rewindGivesBackEverythingReceivedAndReleasesNothingTwice() {
        RequestBody body = new RequestBody(true, 1024);
        HttpContent a = piece("abc");
        HttpContent b = piece("def");
        body.received(a);
        a.release(); // as if written to a replica, which releases it
        body.received(b);
        body.hold(b);
        body.received(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat(body.complete()).isTrue();
        assertThat(body.replayable()).isTrue();
        body.rewind();
        StringBuilder sb = new StringBuilder();
        HttpContent c;
        boolean sawLast = false;
        while ((c = body.nextHeld()) != null) {
            sb.append(c.content().toString(StandardCharsets.US_ASCII));
            sawLast |= c instanceof LastHttpContent;
            c.release();
        }
        assertThat(sb.toString()).isEqualTo("abcdef");
        assertThat(sawLast).isTrue();
        assertThat(a.refCnt()).as("the replay copy still holds a").isEqualTo(1);
        body.release();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void aBodyOverTheLimitStreamsWithoutCopies() {
        RequestBody body = new RequestBody(true, 4);
        HttpContent a = piece("abc");
        body.received(a);
        assertThat(a.refCnt()).isEqualTo(2);
        HttpContent b = piece("de");
        body.received(b);
        assertThat(body.replayable()).isFalse();
        assertThat(a.refCnt()).isEqualTo(1);
        assertThat(b.refCnt()).isEqualTo(1);
        a.release();
        b.release();
    }

    @Test
    void trailersAreKeptForReplay() {
        RequestBody body = new RequestBody(true, 100);
        DefaultLastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        last.trailingHeaders().set("X-Checksum", "1");
        body.received(last);
        body.rewind();
        HttpContent c = body.nextHeld();
        assertThat(c).isInstanceOf(LastHttpContent.class);
        assertThat(((LastHttpContent) c).trailingHeaders().get("X-Checksum")).isEqualTo("1");
        c.release();
        body.release();
    }

    @Test
    void nonIdempotentBodiesAreNeverCopied() {
        RequestBody body = new RequestBody(false, 1 << 20);
        HttpContent a = piece("abc");
        body.received(a);
        assertThat(a.refCnt()).isEqualTo(1);
        assertThat(body.replayable()).isFalse();
        a.release();
    }
}
