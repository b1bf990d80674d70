package io.ringlb.balancer.metrics;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;

/**
 * Small builders for the metric families the collectors make at scrape time. Names are given
 * without {@code _total}; the exposition format adds it to counters.
 */
final class Families {

    private Families() {
    }

    /** A counter family being filled. */
    static final class Counters {
        private final CounterSnapshot.Builder b;
        private boolean empty = true;

        Counters(String name, String help) {
            b = CounterSnapshot.builder().name(name).help(help);
        }

        Counters add(double value, String... labels) {
            b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build());
            empty = false;
            return this;
        }

        void into(List<MetricSnapshot> out) {
            if (!empty) {
                out.add(b.build());
            }
        }
    }

    /** A gauge family being filled. */
    static final class Gauges {
        private final GaugeSnapshot.Builder b;
        private boolean empty = true;

        Gauges(String name, String help) {
            b = GaugeSnapshot.builder().name(name).help(help);
        }

        Gauges add(double value, String... labels) {
            b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build());
            empty = false;
            return this;
        }

        void into(List<MetricSnapshot> out) {
            if (!empty) {
                out.add(b.build());
            }
        }
    }
}
