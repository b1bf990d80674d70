package io.ringlb.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Bytes on a socket, for what high-level clients hide: pipelining, HTTP/1.0, half-sent requests. */
public final class RawHttp {

    private RawHttp() {
    }

    public static Socket connect(String baseUrl) throws IOException {
        URI u = URI.create(baseUrl);
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    /** Sends {@code request} and reads until the server closes the connection. */
    static String exchangeUntilClose(String baseUrl, String request) throws IOException {
        try (Socket s = connect(baseUrl)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads from {@code in} until {@code count} occurrences of {@code marker} were seen. */
    static String readUntil(InputStream in, String marker, int count) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int seen = 0;
        while (seen < count) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            buf.write(b);
            String sofar = buf.toString(StandardCharsets.ISO_8859_1);
            if (sofar.endsWith(marker)) {
                seen++;
            }
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** A head up to its empty line (CRLF CRLF, or LF LF), or null if the stream ends first. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, the newest lowest
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            last4 = last4 << 8 | b;
            if (last4 == 0x0d0a0d0a || (last4 & 0xffff) == 0x0a0a) {
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /** Whether the peer closes the connection within the socket's read timeout, reading (and dropping) what comes first. */
    static boolean closesWithinTimeout(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // drained
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /**
     * One response as a client sees it on the wire. {@code complete} is false if the connection
     * ended before its framing did (a head cut short, or fewer body bytes than announced).
     */
    public record Response(String statusLine, int status, List<String> fieldLines, byte[] body, boolean complete) {

        /** The values of every field named {@code name} (any case), in order. */
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String f : fieldLines) {
                int colon = f.indexOf(':');
                if (colon > 0 && f.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(f.substring(colon + 1).trim());
                }
            }
            return values;
        }

        /** Whether a {@code Connection} field of this response lists {@code option}. */
        boolean connectionSays(String option) {
            return headers("connection").stream().flatMap(v -> List.of(v.split(",")).stream())
                    .anyMatch(t -> t.trim().equalsIgnoreCase(option));
        }

        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return statusLine + " " + fieldLines + " body=" + text() + (complete ? "" : " (cut short)");
        }
    }

    /**
     * Reads one response (1xx ones included) framed as RFC 9112 §6.3 says: no body for a HEAD
     * request, 1xx, 204 and 304; then chunked, Content-Length, or up to the connection's end.
     *
     * @return null if the connection ended before any byte of it
     */
    public static Response readResponse(InputStream in, boolean headRequest) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        List<String> lines = new ArrayList<>(List.of(head.split("\r?\n")));
        String statusLine = lines.remove(0);
        String[] parts = statusLine.split(" ", 3);
        int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        Response bodiless = new Response(statusLine, status, lines, new byte[0], true);
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return bodiless;
        }
        List<String> te = bodiless.headers("transfer-encoding");
        List<String> cl = bodiless.headers("content-length");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;
        if (!te.isEmpty() && te.get(te.size() - 1).toLowerCase(Locale.ROOT).endsWith("chunked")) {
            complete = readChunked(in, body);
        } else if (!cl.isEmpty()) {
            byte[] b = in.readNBytes(Integer.parseInt(cl.get(0)));
            body.write(b);
            complete = b.length == Integer.parseInt(cl.get(0));
        } else {
            body.write(in.readAllBytes());
            complete = true;
        }
        return new Response(statusLine, status, lines, body.toByteArray(), complete);
    }

    /**
     * The data of a chunked body (trailers dropped), read leniently; false if the stream ended
     * before the body did, or a chunk size was not a number.
     */
    static boolean readChunked(InputStream in, ByteArrayOutputStream data) throws IOException {
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                return false;
            }
            int size;
            try {
                size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            } catch (NumberFormatException e) {
                return false;
            }
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    if (trailer == null) {
                        return false;
                    }
                } while (!trailer.isEmpty());
                return true;
            }
            byte[] chunk = in.readNBytes(size);
            data.write(chunk);
            if (chunk.length < size || readLine(in) == null) {
                return false;
            }
        }
    }

    /** A line without its LF or CR LF, or null if the stream ends first. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0) {
            return null;
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
