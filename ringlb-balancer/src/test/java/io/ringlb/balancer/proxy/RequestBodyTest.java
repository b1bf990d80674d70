package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private static ByteBuf piece(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void rewindGivesBackEverythingReceivedAndReleasesNothingTwice() {
        RequestBody body = new RequestBody(true, 1024, false);
        ByteBuf a = piece("abc");
        ByteBuf b = piece("def");
        body.received(a);
        a.release(); // as if written to a replica, which releases it
        body.received(b);
        body.hold(b);
        body.end();
        assertThat(body.complete()).isTrue();
        assertThat(body.replayable()).isTrue();
        body.rewind();
        StringBuilder sb = new StringBuilder();
        ByteBuf c;
        while ((c = body.nextHeld()) != null) {
            sb.append(c.toString(StandardCharsets.US_ASCII));
            c.release();
        }
        assertThat(sb.toString()).isEqualTo("abcdef");
        assertThat(a.refCnt()).as("the replay copy still holds a").isEqualTo(1);
        body.release();
        assertThat(a.refCnt()).isZero();
        assertThat(b.refCnt()).isZero();
    }

    @Test
    void aBodyOverTheLimitStreamsWithoutCopies() {
        RequestBody body = new RequestBody(true, 4, false);
        ByteBuf a = piece("abc");
        body.received(a);
        assertThat(a.refCnt()).isEqualTo(2);
        ByteBuf b = piece("de");
        body.received(b);
        assertThat(body.replayable()).isFalse();
        assertThat(a.refCnt()).isEqualTo(1);
        assertThat(b.refCnt()).isEqualTo(1);
        a.release();
        b.release();
    }

    @Test
    void nonIdempotentBodiesAreNeverCopied() {
        RequestBody body = new RequestBody(false, 1 << 20, false);
        ByteBuf a = piece("abc");
        body.received(a);
        assertThat(a.refCnt()).isEqualTo(1);
        assertThat(body.replayable()).isFalse();
        a.release();
    }

    @Test
    void aRequestWithoutBodyIsCompleteAtOnce() {
        assertThat(new RequestBody(true, 10, true).complete()).isTrue();
    }
}
