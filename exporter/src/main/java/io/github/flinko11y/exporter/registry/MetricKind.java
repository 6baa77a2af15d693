package io.github.flinko11y.exporter.registry;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;

/** The Flink metric types the exporter serves, and the Prometheus type each maps to. */
public enum MetricKind {
    COUNTER(FamilyType.GAUGE),
    METER(FamilyType.GAUGE),
    GAUGE(FamilyType.GAUGE),
    HISTOGRAM(FamilyType.SUMMARY);

    /** Drop-in with Flink's reporter: counters and meters are gauges, histograms summaries. */
    public enum FamilyType {
        GAUGE("gauge"),
        SUMMARY("summary");

        private final String text;

        FamilyType(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final FamilyType familyType;

    MetricKind(FamilyType familyType) {
        this.familyType = familyType;
    }

    public FamilyType familyType() {
        return familyType;
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
