package io.ringlb.balancer.traffic;

/**
 * The counters of one event loop that belong to no replica: client connections and bytes, the
 * balancer's own replies, admin requests, access-log drops, and its last few error answers.
 * Written by that loop only (see {@link Counters}); read by anyone.
 */
public final class LoopTraffic {

    /** The status codes a local reply can have; any other is counted as a 500. */
    static final int[] CODES = {400, 408, 413, 414, 417, 431, 500, 501, 502, 503, 504, 505};

    static final int CLIENT_OPENED = 0;
    static final int CLIENT_CLOSED = 1;
    static final int CLIENT_BYTES_IN = 2;
    static final int CLIENT_BYTES_OUT = 3;
    static final int ADMIN_REQUESTS = 4;
    static final int LOG_DROPPED = 5;
    static final int LOCAL_REPLIES = 6;
    static final int SIZE = LOCAL_REPLIES + LocalReply.values().length * CODES.length;

    private static final int LAST_ERRORS = 16;

    final long[] counters = new long[SIZE];
    private final ErrorNote[] lastErrors = new ErrorNote[LAST_ERRORS];
    private int nextError;

    static int codeIndex(int status) {
        for (int i = 0; i < CODES.length; i++) {
            if (CODES[i] == status) {
                return i;
            }
        }
        return 6; // 500
    }

    void noteError(ErrorNote e) {
        lastErrors[nextError] = e; // a reference store: readers see the old note or the new one, whole
        nextError = (nextError + 1) % LAST_ERRORS;
    }

    public long clientConnectionsOpened() {
        return Counters.get(counters, CLIENT_OPENED);
    }

    public long clientConnectionsClosed() {
        return Counters.get(counters, CLIENT_CLOSED);
    }

    /** Bytes read from clients, on the wire. */
    public long clientBytesIn() {
        return Counters.get(counters, CLIENT_BYTES_IN);
    }

    /** Bytes written to clients, on the wire. */
    public long clientBytesOut() {
        return Counters.get(counters, CLIENT_BYTES_OUT);
    }

    public long adminRequests() {
        return Counters.get(counters, ADMIN_REQUESTS);
    }

    /** Access log lines dropped because the writer could not keep up. */
    public long accessLogDropped() {
        return Counters.get(counters, LOG_DROPPED);
    }

    /** Replies the balancer made for {@code reason} with {@code status}. */
    public long localReplies(LocalReply reason, int status) {
        return Counters.get(counters, LOCAL_REPLIES + reason.ordinal() * CODES.length + codeIndex(status));
    }

    /** Every status a local reply is counted under. */
    public static int[] localReplyCodes() {
        return CODES.clone();
    }

    /** This loop's last error answers, in no particular order. */
    public java.util.List<ErrorNote> lastErrors() {
        java.util.List<ErrorNote> out = new java.util.ArrayList<>();
        for (ErrorNote e : lastErrors) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
