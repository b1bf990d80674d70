package io.ringlb.balancer.adminport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's files, read once from the classpath: the page, its script and style, and the
 * vendored chart library with its licence. Everything the page loads comes from here, so it
 * needs no network beyond the admin listener.
 */
final class StaticAssets {

    private static final String ROOT = "/io/ringlb/balancer/dashboard/";

    /** One file: its content type and bytes. */
    record Asset(String contentType, byte[] body) {
    }

    private final Map<String, Asset> assets = new HashMap<>();

    StaticAssets() {
        add("/", "index.html", "text/html; charset=utf-8");
        add("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8");
        add("/dashboard.css", "dashboard.css", "text/css; charset=utf-8");
        add("/vendor/uPlot.iife.min.js", "vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8");
        add("/vendor/uPlot.min.css", "vendor/uPlot.min.css", "text/css; charset=utf-8");
        add("/vendor/uPlot.LICENSE", "vendor/uPlot.LICENSE", "text/plain; charset=utf-8");
    }

    private void add(String path, String file, String type) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file missing from the jar: " + ROOT + file);
            }
            assets.put(path, new Asset(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file served at {@code path}, or null. */
    Asset get(String path) {
        return assets.get(path.equals("/index.html") ? "/" : path);
    }
}
