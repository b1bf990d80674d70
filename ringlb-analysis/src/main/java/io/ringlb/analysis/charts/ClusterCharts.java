package io.ringlb.analysis.charts;

import io.ringlb.analysis.experiments.ClusterAgreement;
import io.ringlb.analysis.experiments.LeaderKill;
import java.awt.Color;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;

/** The cluster experiment's charts: requests per replica through each instance, and the leader kill's timeline. */
public final class ClusterCharts {

    private ClusterCharts() {
    }

    /** For each replica, a bar per instance: the keys that instance sent there (equal bars: the instances agree). */
    public static JFreeChart agreement(ClusterAgreement a) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, Map<String, Long>> instance : a.perReplica().entrySet()) {
            for (Map.Entry<String, Long> replica : instance.getValue().entrySet()) {
                data.addValue(replica.getValue(), instance.getKey(), replica.getKey());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "Cluster: the same %,d keys through each of %d instances", a.keys(), a.instances().size()),
                "replica (X-Served-By)", "keys sent there", data, PlotOrientation.VERTICAL, true, false, false);
        return ChartStyle.apply(chart, String.format(Locale.ROOT, "%.2f%% of keys on the same replica through every instance · %,d failed",
                100 * a.agreement(), a.failed()));
    }

    /** Requests per second through a surviving instance, by replica, around the leader's SIGKILL. */
    public static JFreeChart leaderKill(LeaderKill k) {
        XYPlot plot = FailoverChart.timeline(k.load().series());
        if (k.killed()) {
            plot.addDomainMarker(ChartStyle.domainMarker(k.killedAt(), "SIGKILL leader " + k.leader(), ChartStyle.FAILURE));
        }
        if (!Double.isNaN(k.newLeaderAt())) {
            plot.addDomainMarker(ChartStyle.domainMarker(k.newLeaderAt(), k.newLeader() + " leads", new Color(0x0072B2)));
        }
        if (k.restored()) {
            plot.addDomainMarker(ChartStyle.domainMarker(k.restoredAt(), "N=" + k.nBefore() + " restored", ChartStyle.IDEAL));
        }
        JFreeChart chart = new JFreeChart("Cluster: the leader instance killed, requests per second through " + k.through(),
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        String subtitle = k.killed()
                ? String.format(Locale.ROOT, "new leader after %s · N restored after %s · %,d of %,d requests failed meanwhile · %.0f ms buckets",
                        seconds(k.newLeaderAt() - k.killedAt()), seconds(k.restoredAt() - k.killedAt()), k.failedInRecovery(),
                        k.load().sent(), k.bucketSeconds() * 1000)
                : k.note();
        return ChartStyle.apply(chart, subtitle);
    }

    private static String seconds(double s) {
        return Double.isNaN(s) ? "never" : String.format(Locale.ROOT, "%.2f s", s);
    }
}
