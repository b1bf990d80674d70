package io.ringlb.cluster.etcd;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to reach etcd.
 *
 * @param endpoints   {@code http://} or {@code https://} URIs of the cluster's members
 * @param tls         whether to speak TLS (implied by any of the files below)
 * @param caCert      PEM certificates to trust for etcd's own, or null for the JVM's trust store
 * @param clientCert  PEM client certificate (mutual TLS), or null
 * @param clientKey   its PKCS#8 PEM key, or null
 * @param user        etcd user (role-based access control), or null
 * @param password    that user's password, or null
 * @param callTimeout the longest one call to etcd may take before it counts as unreachable
 */
public record EtcdSettings(List<URI> endpoints, boolean tls, Path caCert, Path clientCert, Path clientKey,
                           String user, String password, Duration callTimeout) {

    /** @throws IllegalArgumentException saying which value cannot work */
    public EtcdSettings {
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no etcd endpoint given");
        }
        if ((clientCert == null) != (clientKey == null)) {
            throw new IllegalArgumentException("--etcd-cert and --etcd-key go together (mutual TLS)");
        }
        for (Path p : new Path[] {caCert, clientCert, clientKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IllegalArgumentException("cannot read " + p);
            }
        }
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("an etcd user needs a password (RINGLB_ETCD_PASSWORD or --etcd-password-file), and a password a user");
        }
        if (callTimeout.isZero() || callTimeout.isNegative()) {
            throw new IllegalArgumentException("the etcd call timeout must be > 0");
        }
    }

    /**
     * Parses {@code etcd://HOST:PORT[,HOST:PORT...]} (the scheme may be left out); each member
     * becomes {@code https://HOST:PORT} when {@code tls}, else {@code http://HOST:PORT}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static List<URI> parseEndpoints(String store, boolean tls) {
        String s = store.trim();
        if (s.startsWith("etcd://")) {
            s = s.substring("etcd://".length());
        } else if (s.contains("://")) {
            throw new IllegalArgumentException("the cluster store must be etcd://HOST:PORT[,HOST:PORT...], got '" + store + "'");
        }
        List<URI> uris = new ArrayList<>();
        for (String member : s.split(",")) {
            String m = member.trim();
            int colon = m.lastIndexOf(':');
            if (m.isEmpty() || colon <= 0 || colon == m.length() - 1 || m.contains("/")) {
                throw new IllegalArgumentException("etcd member '" + m + "' must be HOST:PORT");
            }
            int port;
            try {
                port = Integer.parseInt(m.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("etcd member '" + m + "': the port is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("etcd member '" + m + "': the port must be 1-65535");
            }
            uris.add(URI.create((tls ? "https://" : "http://") + m));
        }
        return uris;
    }

    /** The endpoints as the user wrote them, for logs and errors. */
    public String describe() {
        return "etcd://" + String.join(",", endpoints.stream().map(u -> u.getHost() + ":" + u.getPort()).toList())
                + (tls ? " (TLS)" : "");
    }
}
