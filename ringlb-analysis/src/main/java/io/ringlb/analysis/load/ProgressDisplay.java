package io.ringlb.analysis.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar on the terminal for a load run, refreshed from a counter ten times a second;
 * nothing at all when disabled (output not a terminal). Close it when the run ends.
 */
public final class ProgressDisplay implements AutoCloseable {

    private final ProgressBar bar;
    private final ScheduledExecutorService ticker;
    private final LongSupplier completed;

    private ProgressDisplay(ProgressBar bar, ScheduledExecutorService ticker, LongSupplier completed) {
        this.bar = bar;
        this.ticker = ticker;
        this.completed = completed;
    }

    /**
     * Shows {@code caption} with {@code completed} out of {@code total} (-1 when unknown).
     *
     * @param enabled false for no output (e.g. not a terminal)
     */
    public static ProgressDisplay show(String caption, long total, LongSupplier completed, boolean enabled) {
        if (!enabled) {
            return new ProgressDisplay(null, null, completed);
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName(caption)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(100)
                .setUnit(" req", 1)
                .showSpeed()
                .build();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringlb-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> bar.stepTo(completed.getAsLong()), 0, 100, TimeUnit.MILLISECONDS);
        return new ProgressDisplay(bar, ticker, completed);
    }

    /** Whether this JVM's standard input and output are a terminal: the default for showing bars. */
    public static boolean terminalAttached() {
        return System.console() != null;
    }

    @Override
    public void close() {
        if (bar == null) {
            return;
        }
        ticker.shutdownNow();
        bar.stepTo(completed.getAsLong());
        bar.close();
    }
}
