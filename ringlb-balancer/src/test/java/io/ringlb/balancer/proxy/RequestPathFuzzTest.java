package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The request path end to end, in-process ({@link EmbeddedProxy}: the client pipeline of
 * {@code ProxyServerInitializer} with replicas as embedded channels): whatever bytes a client
 * sends, in whatever pieces, no exception escapes, no buffer leaks, every response the client
 * gets is well-formed HTTP/1.1, and what reaches the replicas parses (with Netty's
 * {@link HttpRequestDecoder}) as exactly the requests whose answers the client got: never an
 * extra one. Each replica answers every request it reads whole, naming it in {@code X-Id}.
 *
 * <p>Input: as {@link ResponseFramingFuzzTest}'s, the first byte sets the piece size
 * ({@code b & 0x0f}, 0 = one piece); the rest is what the client sent. Admin paths ({@code /},
 * {@code /rep}, {@code /add}, {@code /rm}, and absolute-form targets that could name them) are
 * left out: they need a running supervisor, and the admin body parser has its own target.
 */
class RequestPathFuzzTest {

    private static final Pattern ADMIN = Pattern.compile("[ \\t]/(rep|add|rm)?([?\\s]|$)|://");
    private static final boolean FUZZING = System.getenv("JAZZER_FUZZ") != null;
    private static final ListAppender<ILoggingEvent> LEAKS = new ListAppender<>();
    private static int runs;

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LEAKS.start();
        ((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class)).addAppender(LEAKS);
    }

    @FuzzTest(maxDuration = "60s")
    void replicasSeeExactlyTheRequestsThatWereAnswered(byte[] input) throws Exception {
        if (input.length < 2 || input.length > 2048) {
            return;
        }
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        String text = new String(stream, StandardCharsets.ISO_8859_1);
        if (ADMIN.matcher(text).find()) {
            return;
        }
        int pieceSize = input[0] & 0x0f;
        List<ByteBuf> sent = new ArrayList<>();
        StringBuilder got = new StringBuilder();
        Replicas replicas;
        try (EmbeddedProxy p = new EmbeddedProxy("s1", "s2")) {
            replicas = new Replicas(p);
            for (int i = 0; i < stream.length; i += pieceSize == 0 ? stream.length : pieceSize) {
                ByteBuf b = Unpooled.wrappedBuffer(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + (pieceSize == 0 ? stream.length : pieceSize))));
                sent.add(b);
                if (p.client.isActive()) {
                    p.client.writeInbound(b);
                    p.client.runPendingTasks();
                } else {
                    b.release(); // the balancer closed the connection: the rest is never read
                }
                replicas.pump();
            }
            got.append(p.received());
            String context = "client sent " + ResponseFramingFuzzTest.printable(stream) + "\nreplicas read " + replicas.requests
                    + "\nclient got " + ResponseFramingFuzzTest.printable(got.toString().getBytes(StandardCharsets.ISO_8859_1));
            List<String> answered = WellFormed.responses(got.toString(), clientMethods(stream), context);
            assertThat(replicas.failures).as("bytes at a replica that are not a request\n%s", context).isEmpty();
            assertThat(answered).as("the replicas' answers the client got, against the requests they read whole\n%s", context)
                    .containsExactlyElementsOf(replicas.requests.stream().map(Request::id).toList());

            p.advance(Duration.ofSeconds(10)); // header, response timeouts: whatever is pending ends
            replicas.pump();
            got.append(p.received());
            WellFormed.responses(got.toString(), clientMethods(stream), context);
            p.client.checkException();
            for (EmbeddedChannel b : p.backends) {
                b.checkException();
            }
        }
        for (ByteBuf b : sent) {
            assertThat(b.refCnt()).as("a buffer the client sent was not released").isZero();
        }
        replicas.close();
        if (!FUZZING || ++runs % 1000 == 0) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                Unpooled.directBuffer(16).release(); // the detector reports what the collector found when it tracks anew
            }
            assertThat(LEAKS.list).as("leak reports").isEmpty();
        }
    }

    /** The methods of the requests in the client's bytes, as Netty reads them (to know which answers have no body). */
    private static List<HttpMethod> clientMethods(byte[] stream) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpRequestDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(stream));
        ch.finish();
        List<HttpMethod> methods = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            if (o instanceof HttpRequest r) {
                methods.add(r.method());
            }
            ReferenceCountUtil.release(o);
        }
        return methods;
    }

    record Request(String id, String line) {
        @Override
        public String toString() {
            return id + " " + line;
        }
    }

    /** The replicas: each connection's bytes read by its own Netty request decoder; each whole request answered. */
    static final class Replicas {

        final List<Request> requests = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        private final EmbeddedProxy p;
        private final List<EmbeddedChannel> decoders = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();

        Replicas(EmbeddedProxy p) {
            this.p = p;
        }

        /** Reads what each replica connection got and answers, until nothing moves. */
        void pump() {
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int i = 0; i < p.backends.size(); i++) {
                    while (decoders.size() <= i) {
                        decoders.add(new EmbeddedChannel(new HttpRequestDecoder()));
                        lines.add(null);
                    }
                    String bytes = p.backendGot(i);
                    if (bytes.isEmpty()) {
                        continue;
                    }
                    moved = true;
                    decoders.get(i).writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
                    Object o;
                    while ((o = decoders.get(i).readInbound()) != null) {
                        try {
                            if (((HttpObject) o).decoderResult().isFailure()) {
                                failures.add("replica connection " + i + ": " + ((HttpObject) o).decoderResult().cause());
                                continue;
                            }
                            if (o instanceof HttpRequest r) {
                                lines.set(i, r.method() + " " + r.uri());
                            }
                            if (o instanceof LastHttpContent) {
                                String id = "r" + i + "-" + requests.size();
                                requests.add(new Request(id, lines.get(i)));
                                if (p.backends.get(i).isActive()) {
                                    boolean head = lines.get(i).startsWith("HEAD ");
                                    p.reply(i, "HTTP/1.1 200 OK\r\nX-Id: " + id + "\r\nContent-Length: 2\r\n\r\n" + (head ? "" : "ok"));
                                }
                            } else if (o instanceof HttpContent c) {
                                c.content().skipBytes(c.content().readableBytes());
                            }
                        } finally {
                            ReferenceCountUtil.release(o);
                        }
                    }
                }
            }
        }

        void close() {
            for (EmbeddedChannel d : decoders) {
                d.finishAndReleaseAll();
            }
        }
    }

    /** Reads the client's bytes as responses, in the order of its requests, and checks each is whole and valid. */
    static final class WellFormed {

        /** @return the ids of the replica answers among them, in order */
        static List<String> responses(String out, List<HttpMethod> methods, String context) {
            byte[] b = out.getBytes(StandardCharsets.ISO_8859_1);
            List<String> ids = new ArrayList<>();
            int pos = 0;
            int request = 0;
            while (pos < b.length) {
                int end = headEnd(out, pos);
                assertThat(end).as("a response head cut short at %d\n%s", pos, context).isPositive();
                String head = out.substring(pos, end);
                assertThat(head).as("the proxy's own version (RFC 9110 §2.5)\n%s", context).startsWith("HTTP/1.1 ");
                // A response to HEAD has no body, a refusal's included (RFC 9110 §9.3.2).
                boolean headRequest = request < methods.size() && methods.get(request) == HttpMethod.HEAD;
                ResponseRules.Verdict v = ResponseRules.judge(head, headRequest);
                assertThat(v.refusal()).as("response head %s\n%s", head, context).isNull();
                pos = end;
                if (v.status() < 200) {
                    continue; // 100 Continue: the final answer follows
                }
                request++;
                int bodyEnd;
                switch (v.framing()) {
                    case NONE -> bodyEnd = pos;
                    case LENGTH -> bodyEnd = (int) (pos + v.length());
                    case CHUNKED -> bodyEnd = ResponseRules.chunkedEnd(b, pos, new ByteArrayOutputStream(), false);
                    default -> bodyEnd = b.length;
                }
                assertThat(bodyEnd).as("a response body cut short or malformed at %d\n%s", pos, context).isBetween(pos, b.length);
                int id = head.indexOf("\r\nX-Id: ");
                if (id >= 0) {
                    ids.add(head.substring(id + 8, head.indexOf('\r', id + 8)));
                }
                pos = bodyEnd;
            }
            return ids;
        }

        private static int headEnd(String s, int from) {
            int crlf = s.indexOf("\r\n\r\n", from);
            return crlf < 0 ? -1 : crlf + 4;
        }
    }
}
