package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link ResponseHead} and {@link BodyFraming}, differentially against Netty's
 * {@link HttpResponseDecoder}: fed the same replica bytes in the same pieces, both must find the
 * same responses (status, body bytes, where each ends), or both must give up; where ringlb is
 * deliberately stricter or more lenient, {@link ResponseRules} says so, citing the RFC. Each
 * accepted head, rewritten for the client, must itself be a head the rules accept, with the same
 * framing.
 *
 * <p>Input: the first byte sets the piece size ({@code b & 0x0f}; 0 = one piece) and whether the
 * client is HTTP/1.0 ({@code b & 0x10}: chunked bodies de-chunked); the rest is what the replica
 * sent, every response answering a GET. So the seeds read as text: {@code "@HTTP/1.1 200 OK..."}
 * in one piece, {@code "C..."} in 3-byte pieces, {@code "P..."} in one piece to an HTTP/1.0 client.
 */
class ResponseFramingFuzzTest {

    private static final byte[] NAME = "s1".getBytes(StandardCharsets.US_ASCII);

    /** One response as a parser saw it: complete with its body, or where the parser gave up. */
    record Message(int status, byte[] body, boolean complete, String why) {

        static Message broken(String why) {
            return new Message(0, new byte[0], false, why);
        }

        @Override
        public String toString() {
            return complete ? status + " " + new String(body, StandardCharsets.ISO_8859_1) : "broken (" + why + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Message m && m.complete == complete && (!complete || m.status == status && Arrays.equals(m.body, body));
        }

        @Override
        public int hashCode() {
            return status;
        }
    }

    @FuzzTest(maxDuration = "60s")
    void ringlbFramesResponsesAsNettyDoes(byte[] input) {
        if (input.length < 2 || input.length > 4096) {
            return;
        }
        int pieceSize = input[0] & 0x0f;
        boolean http10Client = (input[0] & 0x10) != 0;
        byte[] stream = Arrays.copyOfRange(input, 1, input.length);
        List<byte[]> pieces = split(stream, pieceSize);

        List<Message> netty = netty(pieces);
        RinglbRun ringlb = new RinglbRun(http10Client);
        List<Message> ours = ringlb.run(pieces);
        String context = "stream " + printable(stream) + "\nnetty  " + netty + "\nringlb " + ours + "\nheads  " + ringlb.verdicts;

        // Where the rules refuse a head or a chunked body, ringlb must give up there, whatever Netty made of it.
        int compared = ours.size();
        for (int i = 0; i < ours.size(); i++) {
            ResponseRules.Verdict v = i < ringlb.verdicts.size() ? ringlb.verdicts.get(i) : null;
            if (v != null && v.refusal() != null) {
                assertThat(ours.get(i).complete()).as("message %d must be refused: %s\n%s", i, v.refusal(), context).isFalse();
                compared = i;
                break;
            }
            if (!ours.get(i).complete() && ringlb.chunkedBodyIs(i, -2, true)) {
                compared = i; // a chunked body the rules refuse
                break;
            }
            if (ours.get(i).complete() && ringlb.chunkedBodyIs(i, -2, false)) {
                compared = i; // a bare LF after chunk data: taken by ringlb, refused by Netty
                break;
            }
        }
        List<Message> expected = completePrefix(netty);
        List<Message> actual = completePrefix(ours);
        if (compared < ours.size()) {
            expected = expected.subList(0, Math.min(compared, expected.size()));
            actual = actual.subList(0, Math.min(compared, actual.size()));
        }
        assertThat(actual).as("the responses both read whole\n%s", context).isEqualTo(expected);
    }

    /** The responses read whole, up to the first that was not. */
    private static List<Message> completePrefix(List<Message> messages) {
        int n = 0;
        while (n < messages.size() && messages.get(n).complete()) {
            n++;
        }
        return messages.subList(0, n);
    }

    private static List<byte[]> split(byte[] stream, int pieceSize) {
        List<byte[]> pieces = new ArrayList<>();
        if (pieceSize == 0) {
            pieces.add(stream);
            return pieces;
        }
        for (int i = 0; i < stream.length; i += pieceSize) {
            pieces.add(Arrays.copyOfRange(stream, i, Math.min(stream.length, i + pieceSize)));
        }
        return pieces;
    }

    /** Netty's reading: responses in order, 1xx skipped, up to the first failure; then the connection closes. */
    static List<Message> netty(List<byte[]> pieces) {
        EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(1 << 16).setMaxHeaderSize(1 << 16).setMaxChunkSize(1 << 16)
                .setStrictLineParsing(false) // ringlb takes a bare LF as a line end, as RFC 9112 §2.2 allows
                .setAllowDuplicateContentLengths(true))); // ringlb takes repeated equal fields (RFC 9110 §8.6)
        for (byte[] p : pieces) {
            ch.writeInbound(Unpooled.wrappedBuffer(p));
        }
        ch.finish();
        List<Message> out = new ArrayList<>();
        int status = -1;
        boolean informational = false;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Object o;
        while ((o = ch.readInbound()) != null) {
            try {
                if (!out.isEmpty() && !out.get(out.size() - 1).complete()) {
                    continue; // after a failure: dropped
                }
                if (((HttpObject) o).decoderResult().isFailure()) {
                    out.add(Message.broken(String.valueOf(((HttpObject) o).decoderResult().cause())));
                    continue;
                }
                if (o instanceof HttpResponse r) {
                    status = r.status().code();
                    informational = status >= 100 && status < 200;
                    body.reset();
                }
                if (o instanceof HttpContent c) {
                    body.writeBytes(ByteBufUtil.getBytes(c.content()));
                }
                if (o instanceof LastHttpContent && !informational) {
                    out.add(new Message(status, body.toByteArray(), true, null));
                }
            } finally {
                ReferenceCountUtil.release(o);
            }
        }
        return out; // a response whose end never came is simply not there
    }

    /** ringlb's reading, as {@code BackendHandler} drives the two classes, in pass-through and de-chunking mode at once. */
    static final class RinglbRun {

        final boolean http10Client;
        final List<ResponseRules.Verdict> verdicts = new ArrayList<>();
        private final List<Integer> bodyStarts = new ArrayList<>();
        private byte[] all = new byte[0];

        RinglbRun(boolean http10Client) {
            this.http10Client = http10Client;
        }

        List<Message> run(List<byte[]> pieces) {
            List<Message> out = new ArrayList<>();
            ResponseHead head = new ResponseHead();
            BodyFraming body = new BodyFraming();
            ByteBuf buf = Unpooled.buffer();
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            boolean inBody = false;
            boolean dechunk = false;
            int status = 0;
            try {
                for (byte[] piece : pieces) {
                    buf.writeBytes(piece);
                    all = Arrays.copyOf(all, all.length + piece.length);
                    System.arraycopy(piece, 0, all, all.length - piece.length, piece.length);
                    while (buf.isReadable()) {
                        if (!inBody) {
                            int start = buf.readerIndex();
                            int end = head.parse(buf, start, buf.writerIndex());
                            if (end == ResponseHead.INCOMPLETE) {
                                break;
                            }
                            verdicts.add(end == ResponseHead.MALFORMED ? judgeAt(start) : ResponseRules.judge(
                                    buf.toString(start, end - start, StandardCharsets.ISO_8859_1), false));
                            if (end == ResponseHead.MALFORMED) {
                                out.add(Message.broken(head.error()));
                                return out;
                            }
                            buf.readerIndex(end);
                            status = head.status();
                            if (status == 101) {
                                out.add(Message.broken("a 101 nobody asked for"));
                                return out;
                            }
                            if (status < 200) {
                                ResponseRules.Verdict informational = verdicts.remove(verdicts.size() - 1);
                                assertThat(informational.refusal()).as("an informational head ringlb passed over: %s",
                                        printable(ByteBufUtil.getBytes(buf, start, end - start))).isNull();
                                continue; // dropped, as BackendHandler does
                            }
                            checkClientHead(head, buf, start, end);
                            boolean bodyless = status == 204 || status == 304;
                            dechunk = http10Client && head.chunked() && !bodyless;
                            body.begin(head, bodyless, dechunk);
                            bodyStarts.add(end);
                            data.reset();
                            inBody = true;
                        }
                        ByteBuf slice = body.next(buf);
                        if (slice != null) {
                            data.writeBytes(ByteBufUtil.getBytes(slice));
                            slice.release();
                        } else if (body.error() != null) {
                            out.add(Message.broken(body.error()));
                            return out;
                        }
                        if (body.done()) {
                            inBody = false;
                            out.add(new Message(status, dechunk || !head.chunked() ? data.toByteArray() : dechunked(data.toByteArray()), true, null));
                        } else if (slice == null) {
                            break;
                        }
                    }
                }
                if (inBody) {
                    out.add(body.endOfInput() ? new Message(status, data.toByteArray(), true, null) : Message.broken("cut short"));
                } else if (buf.isReadable()) {
                    out.add(Message.broken("a head cut short"));
                }
                return out;
            } finally {
                buf.release();
            }
        }

        /** The verdict on a head ringlb refused, read up to its empty line if there is one. */
        private ResponseRules.Verdict judgeAt(int start) {
            String rest = new String(all, start, all.length - start, StandardCharsets.ISO_8859_1);
            int end = rest.indexOf("\n\n");
            int crlf = rest.indexOf("\n\r\n");
            int e = end < 0 ? crlf : crlf < 0 ? end : Math.min(end, crlf);
            return e < 0 ? ResponseRules.judge(rest + "\n\n", false) : ResponseRules.judge(rest.substring(0, e + (e == crlf ? 3 : 2)), false);
        }

        /** Whether message {@code i} is a chunked body for which {@link ResponseRules#chunkedEnd} says {@code end}. */
        boolean chunkedBodyIs(int i, int end, boolean bareLfAfterData) {
            return i < bodyStarts.size() && i < verdicts.size() && verdicts.get(i).framing() == ResponseRules.Framing.CHUNKED
                    && ResponseRules.chunkedEnd(all, bodyStarts.get(i), new ByteArrayOutputStream(), bareLfAfterData) == end;
        }

        /** The client's copy of the head must pass the rules too, with the replica's framing. */
        private void checkClientHead(ResponseHead head, ByteBuf src, int start, int end) {
            ResponseRules.Verdict replica = ResponseRules.judge(src.toString(start, end - start, StandardCharsets.ISO_8859_1), false);
            for (boolean keepAlive : new boolean[] {true, false}) {
                boolean dechunk = http10Client && head.chunked();
                ByteBuf out = Unpooled.buffer();
                try {
                    head.writeForClient(src, out, NAME, null, keepAlive, http10Client, dechunk);
                    assertThat(out.readableBytes()).as("the client's head within its bound").isLessThanOrEqualTo(head.clientLengthBound(NAME.length));
                    String copy = out.toString(StandardCharsets.ISO_8859_1);
                    ResponseRules.Verdict client = ResponseRules.judge(copy, false);
                    assertThat(client.refusal()).as("the client's copy %s of %s", printable(copy.getBytes(StandardCharsets.ISO_8859_1)),
                            printable(ByteBufUtil.getBytes(src, start, end - start))).isNull();
                    ResponseRules.Framing expected = dechunk ? ResponseRules.Framing.CLOSE : replica.framing();
                    assertThat(client.framing()).as("framing of the client's copy %s", copy).isEqualTo(expected);
                    assertThat(client.status()).isEqualTo(replica.status());
                } finally {
                    out.release();
                }
            }
        }
    }

    /** The data of a chunked body that passed through with its framing: the rules must find its end exactly there. */
    static byte[] dechunked(byte[] framed) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        assertThat(ResponseRules.chunkedEnd(framed, 0, data, true)).as("where a passed-through chunked body ends: %s", printable(framed))
                .isEqualTo(framed.length);
        return data.toByteArray();
    }

    static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : c == '\r' ? "\\r" : c == '\n' ? "\\n" : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
