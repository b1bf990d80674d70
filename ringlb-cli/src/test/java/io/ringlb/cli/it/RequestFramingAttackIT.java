package io.ringlb.cli.it;

import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests an attacker frames so that a proxy and a replica could read them differently
 * (RFC 9112 §6, §11.2): each must be refused with the status of the decisions table, with
 * {@code Connection: close}, and nothing of it may reach the replica, a request smuggled in its
 * body least of all. After each, clients sharing the replica connections still get their own
 * responses, and nothing leaked. {@code {id}} in a request is replaced by a marker unique to
 * the case, which {@link #SMUGGLED}, the second request many cases hide in their body, carries too.
 */
class RequestFramingAttackIT extends OneBackendAttackBase<RecordingBackend> {

    /** A request that, passed on as one, would make the replica read a second one. */
    static final String SMUGGLED = "GET /smuggled-{id} HTTP/1.1\r\nHost: x\r\n\r\n";

    @Override
    RecordingBackend newBackend() throws IOException {
        return new RecordingBackend();
    }

    @Override
    List<String> options() {
        return List.of("--io-threads", "1"); // one event loop: every client shares one pool of replica connections
    }

    static String post(String version, String fields, String body) {
        return "POST /f-{id} " + version + "\r\n" + fields + "\r\n" + body;
    }

    static String chunkedSmuggler() {
        return "0\r\n\r\n" + SMUGGLED;
    }

    static Stream<Arguments> refusals() {
        String s = SMUGGLED;
        String len = String.valueOf(s.length()); // {id} is 8 characters either way
        return Stream.of(
                // RFC 9112 §6.3 (3): both framings in one request is how smuggling starts; refuse.
                arguments("Content-Length then Transfer-Encoding", post("HTTP/1.1", "Host: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n", chunkedSmuggler()), 400),
                arguments("Transfer-Encoding then Content-Length", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\nContent-Length: " + chunkedSmuggler().length() + "\r\n", chunkedSmuggler()), 400),
                // RFC 9112 §6.3 (5): several Content-Length values, equal or not, or a non-number.
                arguments("two equal Content-Length fields", post("HTTP/1.1", "Host: x\r\nContent-Length: " + len + "\r\nContent-Length: " + len + "\r\n", s), 400),
                arguments("two different Content-Length fields", post("HTTP/1.1", "Host: x\r\nContent-Length: 0\r\nContent-Length: " + len + "\r\n", s), 400),
                arguments("Content-Length as a list", post("HTTP/1.1", "Host: x\r\nContent-Length: 0, " + len + "\r\n", s), 400),
                arguments("Content-Length with a sign", post("HTTP/1.1", "Host: x\r\nContent-Length: +" + len + "\r\n", s), 400),
                arguments("Content-Length negative", post("HTTP/1.1", "Host: x\r\nContent-Length: -1\r\n", s), 400),
                arguments("Content-Length in hex", post("HTTP/1.1", "Host: x\r\nContent-Length: 0x2a\r\n", s), 400),
                // RFC 9112 §6.3 (4): the last coding must be chunked, and chunked only once (§6.1).
                arguments("Transfer-Encoding chunked, identity", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked, identity\r\n", chunkedSmuggler()), 400),
                arguments("Transfer-Encoding chunked twice in a list", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked, chunked\r\n", chunkedSmuggler()), 400),
                arguments("Transfer-Encoding chunked in two fields", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", chunkedSmuggler()), 400),
                arguments("Transfer-Encoding gzip alone", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: gzip\r\n", chunkedSmuggler()), 400),
                arguments("Transfer-Encoding xchunked", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: xchunked\r\n", chunkedSmuggler()), 400),
                // RFC 9112 §6.1: a coding the proxy cannot apply is 501 (Not Implemented).
                arguments("Transfer-Encoding gzip, chunked", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: gzip, chunked\r\n", chunkedSmuggler()), 501),
                arguments("Transfer-Encoding identity, chunked", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: identity, chunked\r\n", chunkedSmuggler()), 501),
                // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty.
                arguments("Transfer-Encoding in HTTP/1.0", post("HTTP/1.0", "Host: x\r\nTransfer-Encoding: chunked\r\n", chunkedSmuggler()), 400),
                // RFC 9112 §5.2: obs-fold; §5.1: no whitespace between name and colon; §2.2: bare CR.
                arguments("obs-fold", post("HTTP/1.1", "Host: x\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n", ""), 400),
                arguments("Transfer-Encoding folded", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding:\r\n chunked\r\n", chunkedSmuggler()), 400),
                arguments("bare CR between fields", post("HTTP/1.1", "Host: x\r\nX-A: 1\rTransfer-Encoding: chunked\r\n", chunkedSmuggler()), 400),
                arguments("space before the colon", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding : chunked\r\n", chunkedSmuggler()), 400),
                arguments("tab before the colon", post("HTTP/1.1", "Host: x\r\nContent-Length\t: " + len + "\r\n", s), 400),
                arguments("a bad character in a field name", post("HTTP/1.1", "Host: x\r\nX(A): 1\r\nContent-Length: 0\r\n", ""), 400),
                arguments("a field name with a space", post("HTTP/1.1", "Host: x\r\nTransfer Encoding: chunked\r\nContent-Length: 0\r\n", ""), 400),
                // RFC 9112 §7.1: chunk-size is 1*HEXDIG; chunk data ends with CRLF.
                arguments("a chunk size that is not hex", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\n", "zz\r\n" + s + "\r\n0\r\n\r\n"), 400),
                arguments("a negative chunk size", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\n", "-1\r\n" + s + "\r\n0\r\n\r\n"), 400),
                arguments("a chunk size past 64 bits", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\n", "10000000000000001\r\nx\r\n0\r\n\r\n" + s), 400),
                arguments("an empty chunk size", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\n", "\r\n" + s + "\r\n0\r\n\r\n"), 400),
                arguments("chunk data longer than its size", post("HTTP/1.1", "Host: x\r\nTransfer-Encoding: chunked\r\n", "1\r\nxx\r\n0\r\n\r\n" + s), 400),
                // RFC 9112 §3.2: a request target is visible ASCII without spaces.
                arguments("NUL in the target", "GET /f-{id}\u0000x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("a control byte in the target", "GET /f-{id}\u0001x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("DEL in the target", "GET /f-{id}\u007fx HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("8-bit bytes in the target", "GET /f-{id}\u00ff\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("a tab in the target", "GET /f-{id}\tx HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("a space in the target", "GET /f-{id} /x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                arguments("a bare CR in the request line", "GET /f-{id}\r HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                // RFC 9112 §3.2: exactly one valid Host, and always one in HTTP/1.1.
                arguments("two Host fields", "GET /f-{id} HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400),
                arguments("a Host with a space", "GET /f-{id} HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                arguments("a Host with userinfo", "GET /f-{id} HTTP/1.1\r\nHost: user@x\r\n\r\n", 400),
                arguments("a Host with a path", "GET /f-{id} HTTP/1.1\r\nHost: x/y\r\n\r\n", 400),
                arguments("a Host with a bad port", "GET /f-{id} HTTP/1.1\r\nHost: x:http\r\n\r\n", 400),
                arguments("HTTP/1.1 without Host", "GET /f-{id} HTTP/1.1\r\nX-A: 1\r\n\r\n", 400),
                // RFC 9110 §15.6.6: a major version the proxy does not speak.
                arguments("HTTP/1.2", "GET /f-{id} HTTP/1.2\r\nHost: x\r\n\r\n", 505),
                arguments("HTTP/2.0", "GET /f-{id} HTTP/2.0\r\nHost: x\r\n\r\n", 505),
                arguments("HTTP/3.0", "GET /f-{id} HTTP/3.0\r\nHost: x\r\n\r\n", 505),
                arguments("a lower-case protocol name", "GET /f-{id} http/1.1\r\nHost: x\r\n\r\n", 400),
                // RFC 9112 §3.2.2: absolute-form is for http here; another scheme is refused.
                arguments("absolute-form with https", "GET https://x/f-{id} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
                // RFC 9110 §10.1.1: an expectation the proxy cannot meet.
                arguments("Expect: something else", post("HTTP/1.1", "Host: x\r\nExpect: teapot\r\nContent-Length: " + len + "\r\n", s), 417));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusals")
    void isRefusedAndNothingReachesTheReplica(String what, String template, int status) throws Exception {
        String id = Attacker.id();
        Attacker.Exchange ex = attacker.send(template.replace("{id}", id), 1500);
        Attacker.assertRefused(what, ex, status);
        attacker.assertClientsGetTheirOwnResponses(what, 3); // a smuggled request would have queued its answer first
        Attacker.assertNothingReached(what, backend, id);
    }

}
