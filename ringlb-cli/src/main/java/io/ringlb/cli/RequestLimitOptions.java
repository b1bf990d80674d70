package io.ringlb.cli;

import io.ringlb.balancer.proxy.RequestLimits;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code ringlb start}'s limits on what a client may send, and the timeouts that bound slow peers. */
final class RequestLimitOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--max-request-line", defaultValue = "8KiB", paramLabel = "SIZE",
            description = "Longest request line; longer ones get 414 (default: ${DEFAULT-VALUE}).")
    String maxRequestLine;

    @Option(names = "--max-header-size", defaultValue = "16KiB", paramLabel = "SIZE",
            description = "Largest block of request header fields; larger ones get 431 (default: ${DEFAULT-VALUE}).")
    String maxHeaderSize;

    @Option(names = "--max-header-count", defaultValue = "" + RequestLimits.DEFAULT_MAX_HEADER_COUNT,
            description = "Most request header fields; more get 431 (default: ${DEFAULT-VALUE}).")
    int maxHeaderCount;

    @Option(names = "--max-request-body", defaultValue = "0", paramLabel = "SIZE",
            description = "Largest request body, e.g. 10MiB; larger ones get 413 (default: 0, no limit).")
    String maxRequestBody;

    @Option(names = "--request-header-timeout", defaultValue = "10s",
            description = "The whole request head must arrive within this, however slowly it trickles; else 408 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration requestHeaderTimeout;

    @Option(names = "--backend-idle-timeout", defaultValue = "30s",
            description = "Pooled connections to replicas unused this long are closed (default: ${DEFAULT-VALUE}).")
    Duration backendIdleTimeout;

    RequestLimits limits() {
        try {
            return new RequestLimits(intSize(maxRequestLine, "--max-request-line"), intSize(maxHeaderSize, "--max-header-size"),
                    maxHeaderCount, size(maxRequestBody, "--max-request-body"));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    Duration requestHeaderTimeout() {
        return positive(requestHeaderTimeout, "--request-header-timeout");
    }

    Duration backendIdleTimeout() {
        return positive(backendIdleTimeout, "--backend-idle-timeout");
    }

    private Duration positive(Duration d, String name) {
        if (d.isZero() || d.isNegative()) {
            throw usage(name + " must be > 0");
        }
        return d;
    }

    private int intSize(String text, String name) {
        long n = size(text, name);
        if (n > Integer.MAX_VALUE) {
            throw usage(name + " is too large: " + text);
        }
        return (int) n;
    }

    /** {@code 8192}, {@code 8k}, {@code 8KiB}, {@code 10MB}, {@code 1g}: powers of 1024. */
    private long size(String text, String name) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw usage(name + ": '" + text + "' is not a size such as 8192, 8KiB or 10MiB");
        }
        long shift = switch (t.substring(i).trim()) {
            case "", "b" -> 0;
            case "k", "kb", "kib" -> 10;
            case "m", "mb", "mib" -> 20;
            case "g", "gb", "gib" -> 30;
            default -> throw usage(name + ": unknown unit in '" + text + "' (use bytes, KiB, MiB or GiB)");
        };
        try {
            return Math.multiplyExact(Long.parseLong(t.substring(0, i)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            throw usage(name + " is too large: " + text);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
