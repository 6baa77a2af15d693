package io.github.flinko11y.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/** Keeps what a real {@code MetricRegistryImpl} hands to its reporters, to replay it later. */
final class RecordingReporter implements MetricReporter {

    private final List<Registration> registrations = new ArrayList<>();
    private int series;

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public synchronized void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        registrations.add(new Registration(metric, name, group));
        series += metric instanceof Histogram ? FlinkMetricHierarchy.LINES_PER_HISTOGRAM : 1;
    }

    /** Sample lines the recorded metrics export. */
    synchronized int series() {
        return series;
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}

    synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }
}
