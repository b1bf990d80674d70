package io.ringlb.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Bytes on a socket, for what high-level clients hide: pipelining, HTTP/1.0, half-sent requests. */
final class RawHttp {

    private RawHttp() {
    }

    static Socket connect(String baseUrl) throws IOException {
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
}
