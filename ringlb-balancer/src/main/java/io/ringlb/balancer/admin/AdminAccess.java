package io.ringlb.balancer.admin;

import io.ringlb.balancer.RateLimitedLog;
import io.ringlb.balancer.cluster.AdminException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may change the cluster: every mutating admin request ({@code /add}, {@code /rm}, on the
 * traffic port or an admin listener) passes {@link #checkChange} on the one path it takes
 * ({@link AdminApi#handle}), and one that names static backends also {@link #checkBackends}.
 * Reading ({@code GET /}, {@code GET /rep}) is open to all.
 *
 * <ul>
 *   <li>With an admin token, changing requires {@code Authorization: Bearer <token>} from every
 *       client, loopback included: 401 with {@code WWW-Authenticate: Bearer realm="ringlb"} without
 *       it or with another (RFC 6750 §3).</li>
 *   <li>Without one, only clients on this machine may change the cluster, so that the
 *       assignment's {@code curl localhost:5000/add} works out of the box; a client elsewhere gets a
 *       403 that says how to allow it. Where a client is, is its TCP peer address, never a header
 *       such as {@code X-Forwarded-For} that it writes itself: a loopback address (127.0.0.0/8,
 *       ::1), or one of {@link AdminSettings#localPeers} (the Docker host through a port published
 *       on its loopback only).</li>
 *   <li>Static backends ({@code addresses} in {@code /add}) point traffic wherever they say, so
 *       they are accepted only from a local client or with the token, and only inside
 *       {@code --backend-networks} when that is set.</li>
 * </ul>
 * Refusals are logged, at most one line every 10 s.
 */
public final class AdminAccess {

    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);
    private static final String REALM = "Bearer realm=\"ringlb\"";

    /** A client as access sees it: where it is, and the credential it showed. */
    public record Caller(String peer, boolean local, Credential credential) {
    }

    /** What {@code Authorization} carried. */
    public enum Credential {
        /** No {@code Authorization} field. */
        NONE,
        /** {@code Bearer} with the configured token. */
        VALID,
        /** Anything else: another token, another scheme, two fields, or a token when none is configured. */
        INVALID
    }

    private final AdminSettings settings;
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));

    public AdminAccess(AdminSettings settings) {
        this.settings = settings;
    }

    public AdminSettings settings() {
        return settings;
    }

    /**
     * Who sent a request, from its connection's peer address and its {@code Authorization} fields.
     * Never looks a name up.
     */
    public Caller identify(SocketAddress remote, List<String> authorization) {
        InetAddress ip = remote instanceof InetSocketAddress a && a.getAddress() != null ? IpLiterals.unmapped(a.getAddress()) : null;
        boolean local = ip != null && (ip.isLoopbackAddress() || settings.localPeers().contains(ip));
        String peer = ip != null ? ip.getHostAddress() : String.valueOf(remote);
        return new Caller(peer, local, credential(authorization));
    }

    private Credential credential(List<String> fields) {
        if (fields.isEmpty()) {
            return Credential.NONE;
        }
        if (fields.size() > 1 || settings.token().isEmpty()) {
            return Credential.INVALID;
        }
        String f = fields.get(0).strip();
        int sp = f.indexOf(' ');
        // RFC 9110 §11.1: the scheme is case-insensitive; then one or more spaces, then the token.
        if (sp < 0 || !f.substring(0, sp).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Credential.INVALID;
        }
        return settings.token().get().matches(f.substring(sp + 1).strip()) ? Credential.VALID : Credential.INVALID;
    }

    /**
     * Allows {@code caller} to change the cluster ({@code what}: {@code "POST /add"}...), or
     * throws the refusal: 401 with a challenge, or 403.
     */
    public void checkChange(Caller caller, String what) {
        if (settings.token().isPresent()) {
            if (caller.credential() == Credential.VALID) {
                return;
            }
            boolean none = caller.credential() == Credential.NONE;
            refuse(caller, what, 401, none
                    ? "<Error> " + what + " needs the admin token: send 'Authorization: Bearer <token>'"
                    : "<Error> " + what + ": the Authorization field does not carry the admin token (expected 'Bearer <token>')",
                    none ? REALM : REALM + ", error=\"invalid_token\"");
        }
        if (!caller.local()) {
            refuse(caller, what, 403, "<Error> " + what + " is refused from " + caller.peer() + ": without an admin token, "
                    + "only clients on the balancer's own machine (loopback) may change replicas. To allow others, start "
                    + "ringlb with --admin-token (or RINGLB_ADMIN_TOKEN, or --admin-token-file) and send "
                    + "'Authorization: Bearer <token>'", null);
        }
    }

    /** Allows {@code caller} to name static backends at all, or throws a 403 saying why not. */
    public void checkMayNameBackends(Caller caller) {
        if (!caller.local() && caller.credential() != Credential.VALID) {
            refuse(caller, "POST /add", 403, "<Error> 'addresses' are accepted only from the balancer's own machine "
                    + "(loopback) or with the admin token", null);
        }
    }

    /**
     * Allows {@code caller} to register static backends at {@code addresses} (resolved), or throws
     * a 403 saying why not.
     */
    public void checkBackends(Caller caller, List<InetSocketAddress> addresses) {
        checkMayNameBackends(caller);
        for (InetSocketAddress a : addresses) {
            if (a.isUnresolved() || !settings.backendNetworks().permits(a.getAddress())) {
                refuse(caller, "POST /add", 403, "<Error> Address '" + a.getHostString() + ":" + a.getPort() + "'"
                        + (a.isUnresolved() ? "" : " (" + a.getAddress().getHostAddress() + ")")
                        + " is outside the networks static backends may be in: --backend-networks "
                        + settings.backendNetworks(), null);
            }
        }
    }

    /** A line for the start-up log: what protects the admin endpoints. */
    public String describe() {
        String who = settings.token().isPresent() ? "with the admin token (Authorization: Bearer)"
                : "from this machine only (loopback" + (settings.localPeers().isEmpty() ? ""
                        : ", and the Docker host " + settings.localPeers().stream().map(InetAddress::getHostAddress).toList()) + ")";
        return "/add and /rm " + who + "; static backends in " + settings.backendNetworks();
    }

    private void refuse(Caller caller, String what, int status, String message, String challenge) {
        refusals.warn("admin: refused {} from {} ({}): {}", what, caller.peer(), status, message);
        throw new AdminException(status, message, challenge);
    }
}
