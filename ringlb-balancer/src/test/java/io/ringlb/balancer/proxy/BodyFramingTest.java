package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyFramingTest {

    private static final String CHUNKED_BODY = "5;ext=1\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n";

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private static BodyFraming framing(String head, boolean bodyless, boolean dechunk) {
        ResponseHead h = new ResponseHead();
        ByteBuf b = bytes(head);
        assertThat(h.parse(b, 0, b.writerIndex())).isPositive();
        BodyFraming f = new BodyFraming();
        f.begin(h, bodyless, dechunk);
        return f;
    }

    /** Feeds {@code body} in pieces of {@code step} bytes; returns what passes and what is left after the end. */
    private static String[] feed(BodyFraming f, String body, int step) {
        StringBuilder passed = new StringBuilder();
        String rest = "";
        for (int i = 0; i < body.length(); i += step) {
            ByteBuf in = bytes(body.substring(i, Math.min(body.length(), i + step)));
            ByteBuf piece;
            while ((piece = f.next(in)) != null) {
                passed.append(piece.toString(StandardCharsets.ISO_8859_1));
                piece.release();
            }
            if (f.done()) {
                rest = in.toString(StandardCharsets.ISO_8859_1) + body.substring(Math.min(body.length(), i + step));
                in.release();
                break;
            }
            assertThat(f.error()).isNull();
            assertThat(in.isReadable()).as("all of a piece is used while the body lasts").isFalse();
            in.release();
        }
        return new String[] {passed.toString(), rest};
    }

    @Test
    void contentLengthBodiesEndAfterTheirLength() {
        for (int step = 1; step <= 12; step++) {
            BodyFraming f = framing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", false, false);
            assertThat(f.remainingLength()).isEqualTo(10);
            assertThat(feed(f, "0123456789HTTP/1.1", step)).containsExactly("0123456789", "HTTP/1.1");
        }
    }

    @Test
    void chunkedBodiesPassWithTheirFramingAndEndAfterTrailers() {
        for (int step = 1; step <= CHUNKED_BODY.length(); step++) {
            BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, false);
            assertThat(feed(f, CHUNKED_BODY + "extra", step)).as("step %d", step).containsExactly(CHUNKED_BODY, "extra");
        }
    }

    @Test
    void dechunkingPassesOnlyTheData() {
        for (int step = 1; step <= CHUNKED_BODY.length(); step++) {
            BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, true);
            assertThat(feed(f, CHUNKED_BODY, step)[0]).as("step %d", step).isEqualTo("helloabcdefghijklmnopqrstuvwxyz");
            assertThat(f.done()).isTrue();
        }
    }

    @Test
    void obsTextInExtensionsAndTrailersPasses() {
        BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, false);
        String body = "2;n=\u00e9\r\nok\r\n0\r\nX-T: \u00e9\r\n\r\n";
        assertThat(feed(f, body, 4)[0]).isEqualTo(body);
        assertThat(f.done()).isTrue();
    }

    @Test
    void whitespaceMayComeBeforeAnExtension() {
        BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, false);
        assertThat(feed(f, "2 \t;n=1\r\nok\r\n0\r\n\r\n", 3)[0]).isEqualTo("2 \t;n=1\r\nok\r\n0\r\n\r\n");
        assertThat(f.done()).isTrue();
    }

    @Test
    void bareLineFeedsFrameChunksToo() {
        BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, false);
        assertThat(feed(f, "2\nok\n0\n\n", 3)[0]).isEqualTo("2\nok\n0\n\n");
        assertThat(f.done()).isTrue();
    }

    @Test
    void brokenChunksAreReported() {
        String[] bad = {"zz\r\n", "\r\n", "3\r\nabcd\r\n", "3\rx", "0\r\n\rx", "ffffffffffffffffff\r\n",
            "1;ext\rx", "1;e\u0001\r\n", "0\r\nX-T: a\rb\r\n\r\n", "0\r\nX-T: \u0001\r\n\r\n",
            "3 junk\r\nabc\r\n", "3 \r\nabc\r\n"}; // the last two found by ResponseFramingFuzzTest (chunk-size-junk)
        for (String body : bad) {
            BodyFraming f = framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, false);
            ByteBuf in = bytes(body);
            ByteBuf piece;
            while ((piece = f.next(in)) != null) {
                piece.release();
            }
            assertThat(f.error()).as(body).isNotNull();
            assertThat(f.done()).isFalse();
            in.release();
        }
    }

    @Test
    void bodylessAndEmptyBodiesAreDoneAtOnce() {
        assertThat(framing("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", true, false).done()).isTrue();
        assertThat(framing("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, false).done()).isTrue();
        assertThat(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", true, false).done()).isTrue();
    }

    @Test
    void closeDelimitedBodiesEndOnlyWithTheConnection() {
        BodyFraming f = framing("HTTP/1.1 200 OK\r\n\r\n", false, false);
        assertThat(f.closeDelimited()).isTrue();
        assertThat(feed(f, "all of it", 4)[0]).isEqualTo("all of it");
        assertThat(f.done()).isFalse();
        assertThat(f.endOfInput()).isTrue();

        BodyFraming cut = framing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n", false, false);
        feed(cut, "short", 5);
        assertThat(cut.endOfInput()).as("a body cut short").isFalse();
    }

    @Test
    void bytesTakenByTheCallerCount() {
        BodyFraming f = framing("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n", false, false);
        f.consumed(4);
        assertThat(f.done()).isTrue();
    }
}
