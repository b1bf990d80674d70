package io.ringlb.balancer.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fuzzers' oracle for replica responses, written from RFC 9110 and RFC 9112 rather than
 * from {@link ResponseHead}'s code: whether a proxy may pass a response head on, and how its
 * body is framed. Where ringlb is deliberately stricter than Netty's decoder, the rule is here
 * with the RFC section that allows it; where it is deliberately more lenient (a bare LF as a
 * line end, RFC 9112 §2.2), so is the leniency.
 */
final class ResponseRules {

    enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    /** A verdict: {@code refusal} is null when the head may pass, else why ringlb must refuse it. */
    record Verdict(String refusal, int status, Framing framing, long length) {
    }

    /** RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]; ringlb speaks 1.0 and 1.1 only. */
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] [0-9]{3}( [\\t\\x20-\\x7e\\x80-\\xff]*)?");
    /** RFC 9112 §5: field-line = field-name ":" OWS field-value OWS; no whitespace before the colon. */
    private static final Pattern FIELD_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\\t\\x20-\\x7e\\x80-\\xff]*");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    /** ringlb's own bounds (ResponseHead): fields per head, options in Connection. */
    static final int MAX_FIELDS = 128;
    static final int MAX_CONNECTION_OPTIONS = 32;

    private ResponseRules() {
    }

    /**
     * Judges a head: the bytes from the status line through the empty line, as ISO-8859-1,
     * answering a GET (or a HEAD if {@code headRequest}).
     */
    static Verdict judge(String head, boolean headRequest) {
        List<String> lines = new ArrayList<>(List.of(head.split("\n", -1)));
        lines.subList(lines.size() - 2, lines.size()).clear(); // the empty line, and what follows its LF
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            lines.set(i, l.endsWith("\r") ? l.substring(0, l.length() - 1) : l); // RFC 9112 §2.2: CRLF, or LF alone
        }
        String statusLine = lines.remove(0);
        if (!STATUS_LINE.matcher(statusLine).matches()) {
            return refuse("a status line that is not HTTP/1.0 or 1.1 SP 3DIGIT [SP reason] (RFC 9112 §4; bytes before it are not skipped)");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        if (status < 100) {
            return refuse("a status code under 100 (RFC 9110 §15)");
        }
        if (status == 101) {
            return refuse("101 to a request that asked for no upgrade (RFC 9110 §15.2.2)");
        }
        if (lines.size() > MAX_FIELDS) {
            return refuse("more than " + MAX_FIELDS + " fields");
        }
        List<String> contentLengths = new ArrayList<>();
        List<String> codings = new ArrayList<>();
        boolean transferEncoding = false;
        int connectionOptions = 0;
        for (String line : lines) {
            if (line.startsWith(" ") || line.startsWith("\t")) {
                return refuse("obs-fold (RFC 9112 §5.2: a proxy must not forward it)");
            }
            if (!FIELD_LINE.matcher(line).matches()) {
                return refuse("a field line that is not name:value, or a control character in it (RFC 9110 §5.5, RFC 9112 §5)");
            }
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> contentLengths.add(value);
                case "transfer-encoding" -> {
                    transferEncoding = true;
                    for (String element : value.split(",", -1)) {
                        if (!element.isBlank()) { // RFC 9110 §5.6.1: empty list elements are ignored
                            codings.add(element.strip());
                        }
                    }
                }
                case "connection" -> {
                    for (String option : value.split(",", -1)) {
                        String o = option.strip().toLowerCase(Locale.ROOT);
                        if (!o.isEmpty() && !o.equals("close") && !o.equals("keep-alive")) {
                            connectionOptions++;
                        }
                    }
                }
                default -> {
                    // no rule
                }
            }
        }
        if (connectionOptions > MAX_CONNECTION_OPTIONS) {
            return refuse("more than " + MAX_CONNECTION_OPTIONS + " Connection options");
        }
        for (String cl : contentLengths) {
            // RFC 9110 §8.6: 1*DIGIT; ringlb refuses lists ("5, 5") and accepts only repeated equal fields.
            if (!DIGITS.matcher(cl).matches() || Long.parseLong(cl) != Long.parseLong(contentLengths.get(0))) {
                return refuse("a bad or conflicting Content-Length (RFC 9110 §8.6, RFC 9112 §6.3)");
            }
        }
        if (transferEncoding && !contentLengths.isEmpty()) {
            return refuse("Transfer-Encoding with Content-Length (RFC 9112 §6.1: a sender must not)");
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        if (transferEncoding && http10) {
            return refuse("Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1: faulty framing)");
        }
        long chunked = codings.stream().filter(c -> c.equalsIgnoreCase("chunked")).count();
        for (String c : codings) {
            if (!TOKEN.matcher(c).matches()) {
                return refuse("a transfer coding that is not a token (RFC 9112 §6.1)");
            }
        }
        if (chunked > 1) {
            return refuse("chunked applied more than once (RFC 9112 §6.1)");
        }
        if (chunked == 1 && !codings.get(codings.size() - 1).equalsIgnoreCase("chunked")) {
            // RFC 9112 §6.3 (4) would read such a body to the close, but a client that sees chunked
            // may stop early: ringlb refuses, as Netty's decoder does (chunked is the framing coding, §6.1).
            return refuse("chunked before another transfer coding");
        }
        if (headRequest || status < 200 || status == 204 || status == 304) {
            return new Verdict(null, status, Framing.NONE, 0);
        }
        if (transferEncoding) {
            // RFC 9112 §6.3 (4): chunked last frames the body; any other coding last, the close does.
            boolean last = !codings.isEmpty() && codings.get(codings.size() - 1).equalsIgnoreCase("chunked");
            return new Verdict(null, status, last ? Framing.CHUNKED : Framing.CLOSE, -1);
        }
        if (!contentLengths.isEmpty()) {
            return new Verdict(null, status, Framing.LENGTH, Long.parseLong(contentLengths.get(0)));
        }
        return new Verdict(null, status, Framing.CLOSE, -1);
    }

    private static Verdict refuse(String why) {
        return new Verdict(why, 0, Framing.NONE, 0);
    }

    /**
     * Where a chunked body that starts at {@code from} ends (RFC 9112 §7.1), its data written to
     * {@code data}. A bare LF ends a size or trailer line (RFC 9112 §2.2's leniency, as Netty's
     * decoder has it too); after chunk data it is accepted only if {@code bareLfAfterData}: ringlb
     * takes it there too, by design, where Netty's decoder wants CRLF.
     *
     * @return the index past the body, -1 if it has not all arrived, -2 if it is malformed
     */
    static int chunkedEnd(byte[] b, int from, ByteArrayOutputStream data, boolean bareLfAfterData) {
        int i = from;
        while (true) {
            int lf = indexOf(b, i, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            String line = line(b, i, lf);
            // chunk-size [ chunk-ext ], chunk-ext = *( BWS ";" ... ) without control characters (RFC 9112 §7.1.1)
            if (!line.matches("[0-9a-fA-F]+([ \\t]*;[\\t\\x20-\\x7e\\x80-\\xff]*)?")) {
                return -2;
            }
            String hex = line.split("[ \\t;]", 2)[0].replaceFirst("^0+(?=.)", "");
            if (hex.length() > 15) {
                return -2; // more than any body here, or any counter, holds
            }
            long size = Long.parseLong(hex, 16);
            i = lf + 1;
            if (size == 0) {
                while (true) { // trailer fields up to the empty line
                    int end = indexOf(b, i, (byte) '\n');
                    if (end < 0) {
                        return -1;
                    }
                    String t = line(b, i, end);
                    if (t.isEmpty()) {
                        return end + 1;
                    }
                    if (!FIELD_LINE.matcher(t).matches()) {
                        return -2;
                    }
                    i = end + 1;
                }
            }
            if (b.length - i < size + 1) {
                return -1;
            }
            data.write(b, i, (int) size);
            i += (int) size;
            if (b[i] == '\n' && bareLfAfterData) {
                i++;
                continue;
            }
            if (b[i] != '\r') {
                return -2; // RFC 9112 §7.1: chunk-data CRLF
            }
            if (b.length - i < 2) {
                return -1;
            }
            if (b[i + 1] != '\n') {
                return -2;
            }
            i += 2;
        }
    }

    /** Bytes [from, lf) as a line, without a CR before the LF. */
    private static String line(byte[] b, int from, int lf) {
        String line = new String(b, from, lf - from, StandardCharsets.ISO_8859_1);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static int indexOf(byte[] b, int from, byte x) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
