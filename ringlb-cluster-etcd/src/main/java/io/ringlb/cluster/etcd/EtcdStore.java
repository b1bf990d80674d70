package io.ringlb.cluster.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The few etcd v3 operations cluster mode needs, through jetcd (etcd's gRPC API): ranges,
 * guarded transactions, leases and a prefix watch. Every call either completes within the
 * configured call timeout or fails with a {@link StoreException}; none waits for etcd to come
 * back (gRPC's wait-for-ready is off), so a caller learns at once that etcd is unreachable.
 *
 * <p>Futures complete on jetcd's threads: callers hop to their own.
 */
public final class EtcdStore implements AutoCloseable {

    /** grpc-java logs through java.util.logging; its Netty transport's start-up notes are noise on stderr. */
    private static final java.util.logging.Logger GRPC_NETTY = java.util.logging.Logger.getLogger("io.grpc.netty");

    static {
        GRPC_NETTY.setLevel(java.util.logging.Level.WARNING);
    }

    /** Everything under a prefix at one revision. */
    public record Snapshot(long revision, List<KeyValue> kvs) {
    }

    /**
     * A transaction's outcome.
     *
     * @param succeeded whether every guard held (and so the writes were made)
     * @param revision  the store's revision after it
     * @param read      when a guard failed, the key read in its place (null when absent or not asked)
     */
    public record TxnResult(boolean succeeded, long revision, KeyValue read) {
    }

    /** Hears a watch's events in revision order, on one of jetcd's threads at a time. */
    public interface WatchListener {
        /** Events of one or more revisions, in order. */
        void onEvents(List<StoreEvent> events);

        /** The watch ended for good (for example its revision was compacted); start another from a fresh range. */
        void onEnded(Throwable cause);

        /** A transient failure: jetcd resumes the watch by itself from where it was. */
        void onTrouble(Throwable cause);
    }

    private final Client client;
    private final ConnectBackoff backoff;
    private final KV kv;
    private final Duration timeout;
    private final String description;

    private EtcdStore(Client client, Duration timeout, String description) {
        this.client = client;
        this.backoff = ConnectBackoff.of(client);
        this.kv = client.getKVClient();
        this.timeout = timeout;
        this.description = description;
    }

    /** A client for {@code settings}; it connects lazily, on the first call. */
    public static EtcdStore connect(EtcdSettings settings) {
        ClientBuilder b = Client.builder()
                .endpoints(settings.endpoints().toArray(java.net.URI[]::new))
                .waitForReady(false)
                .connectTimeout(settings.callTimeout())
                .retryMaxAttempts(0)
                .keepaliveTime(Duration.ofSeconds(5))
                .keepaliveTimeout(Duration.ofSeconds(3));
        if (settings.user() != null) {
            b.user(bytes(settings.user())).password(bytes(settings.password()));
        }
        if (settings.tls()) {
            try {
                b.sslContext(ssl -> {
                    if (settings.caCert() != null) {
                        ssl.trustManager(settings.caCert().toFile());
                    }
                    if (settings.clientCert() != null) {
                        ssl.keyManager(settings.clientCert().toFile(), settings.clientKey().toFile());
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("etcd TLS settings: " + e.getMessage(), e);
            }
        }
        return new EtcdStore(b.build(), settings.callTimeout(), settings.describe());
    }

    public String describe() {
        return description;
    }

    /**
     * Makes the next call try to connect at once, instead of after gRPC's reconnect back-off
     * (up to 2 minutes after a long outage). For a caller that just found etcd unreachable and
     * probes it again; cheap, and harmless while connected.
     */
    public void reconnectNow() {
        backoff.reset();
    }

    /** Whether {@link #reconnectNow()} works with this jetcd. */
    boolean reconnectsNow() {
        return backoff.works();
    }

    /** A new lease of {@code ttl} (whole seconds, at least 1). */
    public CompletableFuture<Long> grantLease(Duration ttl) {
        return call("grant a lease", client.getLeaseClient().grant(Math.max(1, ttl.toSeconds())))
                .thenApply(r -> r.getID());
    }

    /** Renews {@code lease} once: true, or false when etcd no longer has it (it expired). */
    public CompletableFuture<Boolean> keepAlive(long lease) {
        return client.getLeaseClient().keepAliveOnce(lease)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, e) -> {
                    if (e == null) {
                        return true;
                    }
                    Throwable t = unwrap(e);
                    if (t instanceof EtcdException ee && ee.getErrorCode() == ErrorCode.NOT_FOUND) {
                        return false;
                    }
                    throw failure("renew lease " + Long.toHexString(lease), t);
                });
    }

    /** Ends {@code lease} now: every key attached to it is deleted. */
    public CompletableFuture<Void> revoke(long lease) {
        return call("revoke a lease", client.getLeaseClient().revoke(lease)).thenApply(r -> null);
    }

    /** Every key under {@code prefix}, and the revision they were read at. */
    public CompletableFuture<Snapshot> range(String prefix) {
        GetOption all = GetOption.builder().isPrefix(true).build();
        return call("read " + prefix, kv.get(bytes(prefix), all))
                .thenApply(r -> new Snapshot(r.getHeader().getRevision(), convert(r)));
    }

    /**
     * Makes {@code writes} if every guard holds, atomically; otherwise makes none and reads
     * {@code readOnFailure} (if not null) in the same revision.
     */
    public CompletableFuture<TxnResult> txn(List<Guard> guards, List<Write> writes, String readOnFailure) {
        Txn txn = kv.txn();
        txn.If(guards.stream().map(EtcdStore::cmp).toArray(Cmp[]::new));
        txn.Then(writes.stream().map(EtcdStore::op).toArray(Op[]::new));
        if (readOnFailure != null) {
            txn.Else(Op.get(bytes(readOnFailure), GetOption.DEFAULT));
        }
        return call("transaction", txn.commit()).thenApply(EtcdStore::result);
    }

    /**
     * Watches every key under {@code prefix} from {@code fromRevision} on. Close the returned
     * handle to stop.
     */
    public AutoCloseable watch(String prefix, long fromRevision, WatchListener listener) {
        WatchOption option = WatchOption.builder().isPrefix(true).withRevision(fromRevision).build();
        Watch.Watcher w = client.getWatchClient().watch(bytes(prefix), option, new Watch.Listener() {
            @Override
            public void onNext(WatchResponse response) {
                List<StoreEvent> events = new ArrayList<>(response.getEvents().size());
                for (WatchEvent e : response.getEvents()) {
                    events.add(new StoreEvent(e.getEventType() == WatchEvent.EventType.DELETE, convert(e.getKeyValue())));
                }
                if (!events.isEmpty()) {
                    listener.onEvents(events);
                }
            }

            @Override
            public void onError(Throwable throwable) {
                listener.onTrouble(throwable);
            }

            @Override
            public void onCompleted() {
                listener.onEnded(new IllegalStateException("the watch of " + prefix + " ended"));
            }
        });
        return w::close;
    }

    @Override
    public void close() {
        client.close();
    }

    private <T> CompletableFuture<T> call(String what, CompletableFuture<T> f) {
        return f.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((r, e) -> {
                    if (e != null) {
                        throw failure(what, unwrap(e));
                    }
                    return r;
                });
    }

    private StoreException failure(String what, Throwable t) {
        String why = t instanceof TimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return new StoreException(description + ": could not " + what + ": " + why, t);
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static Cmp cmp(Guard g) {
        CmpTarget<?> target = g.target() == Guard.Target.MOD_REVISION
                ? CmpTarget.modRevision(g.value()) : CmpTarget.createRevision(g.value());
        return new Cmp(bytes(g.key()), Cmp.Op.EQUAL, target);
    }

    private static Op op(Write w) {
        if (w instanceof Write.Put p) {
            return Op.put(bytes(p.key()), ByteSequence.from(p.value()), PutOption.builder().withLeaseId(p.lease()).build());
        }
        if (w instanceof Write.Delete d) {
            return Op.delete(bytes(d.key()), DeleteOption.DEFAULT);
        }
        Write.DeletePrefix dp = (Write.DeletePrefix) w;
        return Op.delete(bytes(dp.prefix()), DeleteOption.builder().isPrefix(true).build());
    }

    private static TxnResult result(TxnResponse r) {
        KeyValue read = null;
        for (GetResponse g : r.getGetResponses()) {
            List<KeyValue> kvs = convert(g);
            if (!kvs.isEmpty()) {
                read = kvs.get(0);
            }
        }
        return new TxnResult(r.isSucceeded(), r.getHeader().getRevision(), read);
    }

    private static List<KeyValue> convert(GetResponse r) {
        List<KeyValue> out = new ArrayList<>(r.getKvs().size());
        for (io.etcd.jetcd.KeyValue k : r.getKvs()) {
            out.add(convert(k));
        }
        return out;
    }

    private static KeyValue convert(io.etcd.jetcd.KeyValue k) {
        return new KeyValue(k.getKey().toString(StandardCharsets.UTF_8), k.getValue().getBytes(),
                k.getCreateRevision(), k.getModRevision());
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
