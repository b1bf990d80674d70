package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestHeadTest {

    private static final byte[] IP = "10.0.0.9".getBytes(StandardCharsets.US_ASCII);

    private final RequestHead head = new RequestHead(RequestLimits.DEFAULTS);

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    private int parse(String s) {
        ByteBuf b = bytes(s);
        return head.parse(b, 0, b.writerIndex());
    }

    /** The head as the replica gets it. */
    private String forReplica(String s) {
        ByteBuf b = bytes(s);
        assertThat(head.parse(b, 0, b.writerIndex())).as(head.error()).isPositive();
        ByteBuf out = Unpooled.buffer();
        head.writeForReplica(b, out, IP);
        assertThat(out.readableBytes()).isLessThanOrEqualTo(head.replicaLengthBound(IP.length));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private void assertRefused(String s, int status) {
        assertThat(parse(s)).as("parse of %s", s).isEqualTo(RequestHead.REFUSED);
        assertThat(head.refusal()).as(head.error()).isEqualTo(status);
    }

    @Test
    void aPlainGetGoesOnWithForwardedFields() {
        String req = "GET /home?x=1 HTTP/1.1\r\nHost: lb:5000\r\nAccept: */*\r\n\r\n";
        assertThat(parse(req)).isEqualTo(req.length());
        assertThat(head.method()).isEqualTo(HttpMethodKind.GET);
        assertThat(head.clientKeepsAlive()).isTrue();
        assertThat(head.contentLength()).isZero();
        assertThat(forReplica(req)).isEqualTo("GET /home?x=1 HTTP/1.1\r\nHost: lb:5000\r\nAccept: */*\r\n"
                + "x-forwarded-for: 10.0.0.9\r\nx-forwarded-proto: http\r\n\r\n");
    }

    @Test
    void theHeadIsIncompleteUntilItsEmptyLine() {
        String whole = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n";
        for (int cut = 0; cut < whole.length(); cut++) {
            assertThat(parse(whole.substring(0, cut))).as("cut at %d", cut).isEqualTo(RequestHead.INCOMPLETE);
        }
        assertThat(parse(whole)).isEqualTo(whole.length());
        assertThat(head.contentLength()).isEqualTo(3);
    }

    @Test
    void bareLfLineEndsAreReadAndCrLfIsWritten() {
        assertThat(forReplica("GET / HTTP/1.1\nHost: h\n\n"))
                .isEqualTo("GET / HTTP/1.1\r\nHost: h\r\nx-forwarded-for: 10.0.0.9\r\nx-forwarded-proto: http\r\n\r\n");
    }

    @Test
    void http10GoesOnAsHttp11AndKeepAliveIsItsOwnChoice() {
        String req = "GET /a HTTP/1.0\r\nHost: h\r\n\r\n";
        assertThat(forReplica(req)).startsWith("GET /a HTTP/1.1\r\n");
        assertThat(head.http10()).isTrue();
        assertThat(head.clientKeepsAlive()).isFalse();
        parse("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(head.clientKeepsAlive()).isTrue();
    }

    @Test
    void anHttp10RequestWithoutHostLeavesTheEndForTheReplicasHost() {
        String out = forReplica("GET /a HTTP/1.0\r\n\r\n");
        assertThat(head.needsReplicaHost()).isTrue();
        assertThat(out).isEqualTo("GET /a HTTP/1.1\r\nx-forwarded-for: 10.0.0.9\r\nx-forwarded-proto: http\r\n");
        assertThat(new String(RequestHead.replicaHostEnd("127.0.0.1:9001"), StandardCharsets.US_ASCII))
                .isEqualTo("host: 127.0.0.1:9001\r\n\r\n");
    }

    @Test
    void absoluteFormBecomesOriginFormWithTheTargetsHost() {
        assertThat(forReplica("GET http://example.test:8080/p/q?r=1 HTTP/1.1\r\nHost: other\r\n\r\n")).isEqualTo(
                "GET /p/q?r=1 HTTP/1.1\r\nhost: example.test:8080\r\nx-forwarded-for: 10.0.0.9\r\nx-forwarded-proto: http\r\n\r\n");
        assertThat(forReplica("GET HTTP://example.test HTTP/1.1\r\nHost: example.test\r\n\r\n")).startsWith("GET / HTTP/1.1\r\n");
        assertThat(forReplica("GET http://h?x=1 HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("GET /?x=1 HTTP/1.1\r\n");
    }

    @Test
    void hopByHopFieldsGoButConnectionNeverTakesTheFramingOrHost() {
        String out = forReplica("POST /a HTTP/1.1\r\nHost: h\r\nX-Hop: 1\r\n"
                + "Connection: keep-alive, X-Hop, Content-Length, Transfer-Encoding, Host\r\nKeep-Alive: timeout=5\r\n"
                + "TE: trailers\r\nTrailer: x\r\nUpgrade: h2c\r\nProxy-Connection: x\r\nX-Kept: 3\r\nContent-Length: 2\r\n\r\n");
        assertThat(out).isEqualTo("POST /a HTTP/1.1\r\nHost: h\r\nX-Kept: 3\r\nContent-Length: 2\r\n"
                + "x-forwarded-for: 10.0.0.9\r\nx-forwarded-proto: http\r\n\r\n");
        assertThat(head.contentLength()).isEqualTo(2);
        assertThat(head.websocketUpgrade()).isFalse();
    }

    @Test
    void connectionCloseWithContentLengthKeepsTheLength() {
        String out = forReplica("POST /a HTTP/1.1\r\nHost: h\r\nConnection: close, Content-Length\r\nContent-Length: 5\r\n\r\n");
        assertThat(out).contains("Content-Length: 5\r\n");
        assertThat(head.clientKeepsAlive()).isFalse();
        assertThat(head.contentLength()).isEqualTo(5);
    }

    @Test
    void forwardedForListsAreMergedAndTheClientAppended() {
        assertThat(forReplica("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 1.1.1.1\r\nX-Forwarded-For: 2.2.2.2, 3.3.3.3\r\n"
                + "X-Forwarded-Proto: https\r\n\r\n")).isEqualTo("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-Proto: https\r\n"
                + "x-forwarded-for: 1.1.1.1, 2.2.2.2, 3.3.3.3, 10.0.0.9\r\n\r\n");
    }

    @Test
    void aWebSocketHandshakeKeepsItsUpgrade() {
        String out = forReplica("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(head.websocketUpgrade()).isTrue();
        assertThat(out).contains("Upgrade: websocket\r\n", "connection: upgrade\r\n", "Sec-WebSocket-Key:");
        forReplica("POST /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n");
        assertThat(head.websocketUpgrade()).as("only GET upgrades").isFalse();
    }

    @Test
    void expectContinueIsTheBalancersToAnswer() {
        String out = forReplica("PUT /a HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n");
        assertThat(head.expectsContinue()).isTrue();
        assertThat(out).doesNotContain("Expect");
        assertRefused("PUT /a HTTP/1.1\r\nHost: h\r\nExpect: something-else\r\n\r\n", 417);
    }

    @Test
    void chunkedIsTheOnlyTransferCodingAccepted() {
        assertThat(parse("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")).isPositive();
        assertThat(head.chunked()).isTrue();
        assertThat(head.contentLength()).isEqualTo(-1);
        assertThat(parse("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: , Chunked \r\n\r\n")).isPositive();
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: identity, chunked\r\n\r\n", 501);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", 501);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;x=1\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n", 400);
    }

    @Test
    void ambiguousFramingIsRefused() {
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 0x3\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1234567890123456789\r\n\r\n", 400);
        assertRefused("POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n\r\n",          // obs-fold
        "GET / HTTP/1.1\r\nHost: h\r\n\tX-A: 1\r\n\r\n",                     // a line starting with whitespace
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\rX-B: 2\r\n\r\n",              // bare CR in a value
        "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u0000b\r\n\r\n",                 // NUL in a value
        "GET / HTTP/1.1\r\nHost: h\r\nX-A : 1\r\n\r\n",                      // whitespace before the colon
        "GET / HTTP/1.1\r\nHost: h\r\nX(A): 1\r\n\r\n",                      // a bad name
        "GET / HTTP/1.1\r\nHost: h\r\n: 1\r\n\r\n",                          // no name
        "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n",                      // no colon
        "GET /a\u0000b HTTP/1.1\r\nHost: h\r\n\r\n",                          // NUL in the target
        "GET /a\u0001b HTTP/1.1\r\nHost: h\r\n\r\n",                          // a control byte in the target
        "GET /a\u007fb HTTP/1.1\r\nHost: h\r\n\r\n",                          // DEL in the target
        "GET /caf\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n",                         // an 8-bit byte in the target
        "GET /a\tb HTTP/1.1\r\nHost: h\r\n\r\n",                              // a tab in the target
        "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",                               // a space in the target
        "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",                                 // two spaces
        "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",                                 // a trailing space
        "GET /\r\nHost: h\r\n\r\n",                                           // no version (HTTP/0.9)
        "GET / HTTP/1\r\nHost: h\r\n\r\n",                                    // a bad version
        "GET / http/1.1\r\nHost: h\r\n\r\n",                                  // the version is case-sensitive
        "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",                                  // a bad method
        "GET / HTTP/1.1\r\n\r\n",                                             // HTTP/1.1 without Host
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",                       // two Hosts
        "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n",                       // two Hosts, equal
        "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n",                       // two Hosts in 1.0
        "GET / HTTP/1.1\r\nHost: a b\r\n\r\n",                                // a space in Host
        "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n",                                // a slash in Host
        "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n",                             // user info in Host
        "GET / HTTP/1.1\r\nHost: a:80x\r\n\r\n",                              // a bad port
        "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n",                               // an open IPv6 literal
        "GET https://h/ HTTP/1.1\r\nHost: h\r\n\r\n",                         // absolute-form, not http
        "GET http://u@h/ HTTP/1.1\r\nHost: h\r\n\r\n",                        // user info in the target
        "GET http:/h/ HTTP/1.1\r\nHost: h\r\n\r\n",                           // a broken absolute-form
        "GET example.test:80 HTTP/1.1\r\nHost: h\r\n\r\n",                    // authority-form without CONNECT
        "GET * HTTP/1.1\r\nHost: h\r\n\r\n",                                  // * is for OPTIONS
    })
    void malformedHeadsAre400(String req) {
        assertRefused(req, 400);
    }

    @ParameterizedTest
    @CsvSource({"HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/3.0"})
    void otherVersionsAre505(String version) {
        assertRefused("GET / " + version + "\r\nHost: h\r\n\r\n", 505);
    }

    @Test
    void connectIs501() {
        assertRefused("CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n", 501);
    }

    @Test
    void validHostsAndTargetsPass() {
        for (String host : new String[] {"h", "a.b-c_d~e", "127.0.0.1:5000", "[::1]:80", "[2001:db8::1]", "x%41y", "h:"}) {
            assertThat(parse("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n")).as(host + ": " + head.error()).isPositive();
        }
        assertThat(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")).isPositive();
        assertThat(parse("GET /a/b;c=d?e=f&g=%20#frag HTTP/1.1\r\nHost: h\r\n\r\n")).isPositive();
        assertThat(parse("PROPFIND /dav HTTP/1.1\r\nHost: h\r\n\r\n")).isPositive();
        assertThat(head.method()).isEqualTo(HttpMethodKind.OTHER);
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\nX-Utf8: caf\u00e9\r\n\r\n")).as("obs-text in a value").isPositive();
    }

    @Test
    void limitsAre414And431() {
        RequestHead small = new RequestHead(new RequestLimits(32, 64, 3, 0));
        ByteBuf longLine = bytes("GET /" + "a".repeat(40) + " HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(small.parse(longLine, 0, longLine.writerIndex())).isEqualTo(RequestHead.REFUSED);
        assertThat(small.refusal()).isEqualTo(414);
        ByteBuf noLf = bytes("GET /" + "a".repeat(40));
        assertThat(small.parse(noLf, 0, noLf.writerIndex())).as("a long line refused before its end").isEqualTo(RequestHead.REFUSED);
        assertThat(small.refusal()).isEqualTo(414);
        ByteBuf bigHeader = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-A: " + "b".repeat(60) + "\r\n\r\n");
        assertThat(small.parse(bigHeader, 0, bigHeader.writerIndex())).isEqualTo(RequestHead.REFUSED);
        assertThat(small.refusal()).isEqualTo(431);
        ByteBuf manyFields = bytes("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
        assertThat(small.parse(manyFields, 0, manyFields.writerIndex())).isEqualTo(RequestHead.REFUSED);
        assertThat(small.refusal()).isEqualTo(431);
        ByteBuf unfinished = bytes("GET / HTTP/1.1\r\nHost: h\r\nX-A: " + "b".repeat(60));
        assertThat(small.parse(unfinished, 0, unfinished.writerIndex())).as("a big block refused before its end")
                .isEqualTo(RequestHead.REFUSED);
        assertThat(small.refusal()).isEqualTo(431);
    }

    @Test
    void fieldsCanBeReadForHashKeysAndAdmin() {
        ByteBuf b = bytes("GET /x?q=1 HTTP/1.1\r\nHost: h\r\nX-Request-Id:  42 \r\nCookie: a=1\r\ncookie: b=2\r\n\r\n");
        assertThat(head.parse(b, 0, b.writerIndex())).isPositive();
        assertThat(head.header(b, "x-request-id")).isEqualTo("42");
        assertThat(head.header(b, "x-missing")).isNull();
        assertThat(head.headers(b, "cookie")).containsExactly("a=1", "b=2");
        assertThat(head.target(b)).isEqualTo("/x?q=1");
        assertThat(head.methodName(b)).isEqualTo("GET");
        assertThat(head.allFields(b)).hasSize(4);
    }

    @Test
    void theParserIsReusedAcrossRequests() {
        assertRefused("GET / HTTP/1.1\r\n\r\n", 400);
        assertThat(parse("GET / HTTP/1.1\r\nHost: h\r\n\r\n")).isPositive();
        assertThat(head.error()).isNull();
        assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")).isPositive();
        assertThat(parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n")).isPositive();
        assertThat(head.chunked()).isFalse();
        assertThat(head.contentLength()).isEqualTo(7);
    }
}
