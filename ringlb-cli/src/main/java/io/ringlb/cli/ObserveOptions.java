package io.ringlb.cli;

import io.ringlb.balancer.ObserveSettings;
import io.ringlb.balancer.accesslog.AccessLogSettings;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code ringlb start}'s options for watching the balancer: the admin listener, metrics, the access log. */
final class ObserveOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--admin-port", defaultValue = "" + ObserveSettings.DEFAULT_ADMIN_PORT,
            description = "Admin listener (dashboard /, /metrics, /ring, /stats, /rep, /add, /rm); 0 turns it off (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-bind", defaultValue = "127.0.0.1", description = "Address of the admin listener (default: ${DEFAULT-VALUE}).")
    String adminBind;

    @Option(names = "--metrics", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Count requests per replica for /metrics, /stats and the dashboard (default: on; "
                    + "--no-metrics leaves only JVM and replica-set metrics, to compare the cost).")
    boolean metrics;

    @Option(names = "--access-log", paramLabel = "PATH|-", description = "Write one line per request to PATH, or to standard output with - (default: off).")
    String accessLog;

    @Option(names = "--access-log-format", defaultValue = "json", description = "json (one object per line) or text (combined log format plus ringlb's fields) (default: ${DEFAULT-VALUE}).")
    String accessLogFormat;

    @Option(names = "--access-log-max-size", defaultValue = "100MB", paramLabel = "SIZE",
            description = "Rotate the access log at this size, e.g. 500KB, 100MB, 1GB; 0 never (SIGHUP reopens it in any case) (default: ${DEFAULT-VALUE}).")
    String accessLogMaxSize;

    @Option(names = "--access-log-keep", defaultValue = "5", description = "Rotated access logs kept, PATH.1 (newest) to PATH.N (default: ${DEFAULT-VALUE}).")
    int accessLogKeep;

    @Option(names = "--access-log-queue", defaultValue = "" + AccessLogSettings.DEFAULT_QUEUE,
            description = "Lines each event loop may have waiting for the log's writer; past that they are dropped and counted (default: ${DEFAULT-VALUE}).")
    int accessLogQueue;

    ObserveSettings settings() {
        if (adminPort < 0 || adminPort > 65535) {
            throw usage("--admin-port must be 0-65535, got " + adminPort);
        }
        return new ObserveSettings(adminBind, adminPort, metrics, accessLogSettings());
    }

    private AccessLogSettings accessLogSettings() {
        if (accessLog == null || accessLog.isBlank()) {
            return null;
        }
        AccessLogSettings.Format format = switch (accessLogFormat.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> AccessLogSettings.Format.JSON;
            case "text" -> AccessLogSettings.Format.TEXT;
            default -> throw usage("--access-log-format must be json or text, got '" + accessLogFormat + "'");
        };
        if (accessLogKeep < 0) {
            throw usage("--access-log-keep must be >= 0");
        }
        if (accessLogQueue < 1) {
            throw usage("--access-log-queue must be >= 1");
        }
        Path path = accessLog.equals("-") ? null : Path.of(accessLog);
        return new AccessLogSettings(path, format, size(accessLogMaxSize), accessLogKeep, accessLogQueue);
    }

    /** A size like {@code 100MB}, {@code 512KB}, {@code 2G} or plain bytes. */
    private long size(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {{"GB", "" + (1L << 30)}, {"MB", "" + (1L << 20)}, {"KB", "" + (1L << 10)},
                {"G", "" + (1L << 30)}, {"M", "" + (1L << 20)}, {"K", "" + (1L << 10)}, {"B", "1"}}) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n >= 0) {
                return Math.multiplyExact(n, unit);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw usage("--access-log-max-size must be a size such as 100MB or 0, got '" + s + "'");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
