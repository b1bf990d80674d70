package io.ringlb.analysis.report;

import java.util.Locale;

/** Number formats of the report: one locale, fixed precision. */
final class Fmt {

    private Fmt() {
    }

    /** 12,345 */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** 33.4% */
    static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** 33.41% */
    static String pct2(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    /** 1.023 */
    static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    /** 3,333.3 */
    static String dec1(double d) {
        return String.format(Locale.ROOT, "%,.1f", d);
    }

    /** 0.583 s */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f s", s);
    }

    /** 1,234 ms, or "–" for NaN */
    static String millis(double seconds) {
        return Double.isNaN(seconds) ? "–" : String.format(Locale.ROOT, "%,.0f ms", seconds * 1000);
    }

    /** 17,152 */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
