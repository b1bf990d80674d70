package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {

    private static final byte[] NAME = "s1".getBytes(StandardCharsets.US_ASCII);

    private final ResponseHead head = new ResponseHead();

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private int parse(ByteBuf b) {
        return head.parse(b, b.readerIndex(), b.writerIndex());
    }

    private String forClient(ByteBuf src, boolean keepAlive, boolean http10, boolean dechunk) {
        ByteBuf out = Unpooled.buffer();
        head.writeForClient(src, out, NAME, null, keepAlive, http10, dechunk);
        assertThat(out.readableBytes()).isLessThanOrEqualTo(head.clientLengthBound(NAME.length));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void anExtraLineFollowsTheReplicaName() {
        ByteBuf b = bytes("HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(parse(b)).isEqualTo(b.writerIndex());
        byte[] line = "x-ring-version: 42\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuf out = Unpooled.buffer();
        head.writeForClient(b, out, NAME, line, false, false, false);
        assertThat(out.readableBytes()).isLessThanOrEqualTo(head.clientLengthBound(NAME.length + line.length));
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(
                "HTTP/1.1 204 No Content\r\nx-served-by: s1\r\nx-ring-version: 42\r\nconnection: close\r\n\r\n");
    }

    @Test
    void aPlainHeadIsCopiedWithTheReplicaNamed() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(parse(b)).isEqualTo(b.writerIndex() - 5);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentLength()).isEqualTo(5);
        assertThat(head.chunked()).isFalse();
        assertThat(head.replicaKeepsAlive()).isTrue();
        assertThat(forClient(b, true, false, false)).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\nx-served-by: s1\r\n\r\n");
    }

    @Test
    void theHeadIsIncompleteUntilItsEmptyLine() {
        String whole = "HTTP/1.1 204 No Content\r\nServer: x\r\n\r\n";
        for (int cut = 0; cut < whole.length(); cut++) {
            assertThat(parse(bytes(whole.substring(0, cut)))).as("cut at %d", cut).isEqualTo(ResponseHead.INCOMPLETE);
        }
        assertThat(parse(bytes(whole))).isEqualTo(whole.length());
    }

    @Test
    void hopByHopFieldsGoIncludingThoseConnectionNames() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nX-Hop: 1\r\nConnection: keep-alive, X-Hop ,x-other\r\nKeep-Alive: timeout=5\r\n"
                + "X-Other: 2\r\nTE: trailers\r\nTrailer: x\r\nUpgrade: h2c\r\nProxy-Connection: x\r\nX-Served-By: spoofed\r\n"
                + "X-Kept: 3\r\nContent-Length: 0\r\n\r\n");
        assertThat(parse(b)).isEqualTo(b.writerIndex());
        assertThat(forClient(b, true, false, false)).isEqualTo(
                "HTTP/1.1 200 OK\r\nX-Kept: 3\r\nContent-Length: 0\r\nx-served-by: s1\r\n\r\n");
    }

    @Test
    void connectionFateIsSaidToTheClient() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        parse(b);
        assertThat(forClient(b, false, false, false)).endsWith("x-served-by: s1\r\nconnection: close\r\n\r\n");
        assertThat(forClient(b, true, true, false)).endsWith("x-served-by: s1\r\nconnection: keep-alive\r\n\r\n");
    }

    @Test
    void chunkedIsKeptOrDroppedForHttp10() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        parse(b);
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(forClient(b, true, false, false)).isEqualTo(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\nx-served-by: s1\r\n\r\n");
        assertThat(forClient(b, false, true, true)).isEqualTo(
                "HTTP/1.1 200 OK\r\nx-served-by: s1\r\nconnection: close\r\n\r\n");
    }

    @Test
    void withoutLengthOrChunksTheBodyRunsToTheClose() {
        parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"));
        assertThat(head.closeDelimited()).isTrue();
        parse(bytes("HTTP/1.0 200 OK\n\n"));
        assertThat(head.closeDelimited()).isTrue();
    }

    @Test
    void framingFieldsStayEvenWhenConnectionNamesThem() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nConnection: content-length, Transfer-Encoding, x-a\r\nContent-Length: 2\r\nX-A: 1\r\n\r\n");
        parse(b);
        assertThat(head.contentLength()).isEqualTo(2);
        assertThat(forClient(b, true, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-served-by: s1\r\n\r\n");
    }

    @Test
    void keepAliveFollowsTheVersion() {
        parse(bytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertThat(head.replicaKeepsAlive()).isFalse();
        parse(bytes("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n"));
        assertThat(head.replicaKeepsAlive()).isTrue();
        parse(bytes("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"));
        assertThat(head.replicaKeepsAlive()).isFalse();
    }

    @Test
    void bareLineFeedsAreAcceptedAndWrittenAsCrlf() {
        ByteBuf b = bytes("HTTP/1.1 404 Not Found\nContent-Length: 0\n\n");
        assertThat(parse(b)).isEqualTo(b.writerIndex());
        assertThat(head.status()).isEqualTo(404);
        assertThat(forClient(b, true, false, false)).isEqualTo("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nx-served-by: s1\r\n\r\n");
    }

    @Test
    void aStatusLineWithoutReasonIsFine() {
        assertThat(parse(bytes("HTTP/1.1 503\r\n\r\n"))).isPositive();
        assertThat(head.status()).isEqualTo(503);
    }

    @Test
    void malformedHeadsAreRejected() {
        String[] bad = {
            "HTTP/2.0 200 OK\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 099 Low\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "ICY 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nFolded: a\r\n b\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: a\r\n\r\n",
            "HTTP/1.1 200 OK\r\nName : a\r\n\r\n",
            "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
            "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n",
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-A: a\rSet-Cookie: evil=1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-N: \0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-D: a\u007fb\r\n\r\n",
            "HTTP/1.1 200 O\rK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nConnection: " + "a,".repeat(33) + "\r\n\r\n",
        };
        for (String s : bad) {
            assertThat(parse(bytes(s))).as(s).isEqualTo(ResponseHead.MALFORMED);
            assertThat(head.error()).as(s).isNotBlank();
        }
    }

    @Test
    void tabsInValuesAreFine() {
        ByteBuf b = bytes("HTTP/1.1 200 OK\r\nX-T: a\tb\r\n\r\n");
        assertThat(parse(b)).isEqualTo(b.writerIndex());
    }

    @Test
    void obsTextInValuesAndReasonsIsPassedOn() {
        // UTF-8 "résumé" as raw bytes (RFC 9110 obs-text, 0x80-0xFF), as some servers send file names.
        ByteBuf b = bytes("HTTP/1.1 200 Tr\u00e8s bien\r\nContent-Disposition: attachment; filename=\"r\u00c3\u00a9sum\u00c3\u00a9.pdf\"\r\n\r\n");
        assertThat(parse(b)).isEqualTo(b.writerIndex());
        assertThat(forClient(b, true, false, false)).isEqualTo("HTTP/1.1 200 Tr\u00e8s bien\r\n"
                + "Content-Disposition: attachment; filename=\"r\u00c3\u00a9sum\u00c3\u00a9.pdf\"\r\nx-served-by: s1\r\n\r\n");
    }

    @Test
    void repeatedEqualContentLengthsAreOne() {
        assertThat(parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 7\r\ncontent-length: 7\r\n\r\n"))).isPositive();
        assertThat(head.contentLength()).isEqualTo(7);
    }

    @Test
    void aLongHeadIsKeptWhole() {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < ResponseHead.MAX_FIELDS; i++) {
            s.append("X-F").append(i).append(": v\r\n");
        }
        ByteBuf b = bytes(s.append("\r\n").toString());
        assertThat(parse(b)).isEqualTo(b.writerIndex());
        assertThat(forClient(b, true, false, false)).isEqualTo(s.substring(0, s.length() - 2) + "x-served-by: s1\r\n\r\n");
    }

    @Test
    void tooManyFieldsAreRejected() {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i <= ResponseHead.MAX_FIELDS; i++) {
            s.append("X-F").append(i).append(": v\r\n");
        }
        assertThat(parse(bytes(s.append("\r\n").toString()))).isEqualTo(ResponseHead.MALFORMED);
    }

    @Test
    void parsesAtAnOffsetAndReusesItself() {
        ByteBuf b = bytes("junkHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        int end = head.parse(b, 4, b.writerIndex());
        assertThat(head.status()).isEqualTo(100);
        int end2 = head.parse(b, end, b.writerIndex());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.contentLength()).isEqualTo(2);
        assertThat(b.toString(end2, 2, StandardCharsets.US_ASCII)).isEqualTo("ok");
        assertThat(forClient(b, true, false, false)).startsWith("HTTP/1.1 200 OK\r\n");
    }

    /** Found by ResponseFramingFuzzTest (corpus: te-empty-element, te-chunked-twice, te-without-comma, te-chunked-not-last). */
    @Test
    void transferCodingsAreReadAsAList() {
        ByteBuf trailingComma = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked,\r\n\r\n");
        assertThat(parse(trailingComma)).as("an empty list element is ignored (RFC 9110 §5.6.1)").isEqualTo(trailingComma.writerIndex());
        assertThat(head.chunked()).isTrue();
        ByteBuf gzipOnly = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
        assertThat(parse(gzipOnly)).isEqualTo(gzipOnly.writerIndex());
        assertThat(head.closeDelimited()).as("a final coding other than chunked: to the close (RFC 9112 §6.3)").isTrue();
        ByteBuf gzipThenChunked = bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertThat(parse(gzipThenChunked)).isEqualTo(gzipThenChunked.writerIndex());
        assertThat(head.chunked()).as("the last coding of the last field decides").isTrue();
        for (String te : new String[] {"chunked, chunked", "chunked\r\nTransfer-Encoding: chunked", "gzip chunked", "chunked;x=1",
            "chunked\r\nTransfer-Encoding: c1hunked", "chunked, gzip"}) {
            assertThat(parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: " + te + "\r\n\r\n"))).as(te).isEqualTo(ResponseHead.MALFORMED);
        }
    }
}
