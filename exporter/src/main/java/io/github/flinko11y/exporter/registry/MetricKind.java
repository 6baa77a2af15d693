package io.github.flinko11y.exporter.registry;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/** The Flink metric types the exporter serves. */
public enum MetricKind {
    COUNTER,
    METER,
    GAUGE,
    HISTOGRAM;

    /** The Prometheus type of a family; which one a kind gets depends on the {@link Semantics}. */
    public enum FamilyType {
        GAUGE("gauge"),
        COUNTER("counter"),
        SUMMARY("summary");

        private final String text;

        FamilyType(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** The kind of a Flink metric, or null for a type this exporter does not know. */
    public static MetricKind of(Metric metric) {
        // instanceof rather than getMetricType(): custom metrics need not implement the latter.
        if (metric instanceof Counter) {
            return COUNTER;
        }
        if (metric instanceof Meter) {
            return METER;
        }
        if (metric instanceof Histogram) {
            return HISTOGRAM;
        }
        if (metric instanceof Gauge) {
            return GAUGE;
        }
        return null;
    }
}
