package io.github.flinko11y.exporter.scrape;

import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.jvm.IdentityLabels;
import io.github.flinko11y.exporter.jvm.JvmStats;
import io.github.flinko11y.exporter.jvm.ProcessIdentity;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The exporter's own figures, served with every scrape: how long scrapes take, how many series go
 * out and how many are held back, and everything that went wrong without breaking anything. These
 * are ours, not Flink's, so they follow Prometheus conventions in either semantics.
 */
public final class SelfMetrics implements ExtraFamilies {

    static final String PREFIX = "flinko11y_exporter_";

    private final ExporterStats stats;
    private final ProcessIdentity identity;
    private final JvmStats.Handle jvm;

    public SelfMetrics(ExporterStats stats) {
        this(stats, null, null);
    }

    /** {@code identity} labels the samples once known; {@code jvm} (may be null) adds its errors. */
    public SelfMetrics(ExporterStats stats, ProcessIdentity identity, JvmStats.Handle jvm) {
        this.stats = stats;
        this.identity = identity;
        this.jvm = jvm;
    }

    @Override
    public List<MetricFamilySamples> collect(ScrapeFigures figures) {
        IdentityLabels labels = identity == null ? IdentityLabels.NONE : identity.labels();
        List<MetricFamilySamples> families = new ArrayList<>();
        gauge(families, labels, "last_scrape_duration_seconds",
                "Wall time of the last complete scrape or push: reading every value and sending the body.",
                stats.lastScrapeNanos.get() / 1e9);
        gauge(families, labels, "sample_lines", "Flink sample lines in this scrape.", figures.linesExported());
        gauge(families, labels, "sample_lines_dropped",
                "Flink sample lines left out of this scrape by the maxSampleLines cap.",
                figures.linesDropped());
        counter(families, labels, "scrapes", "Scrapes served, this one included.", stats.scrapes.sum());
        counter(families, labels, "scrapes_aborted",
                "Scrapes whose client went away before the body was complete.", stats.abortedScrapes.sum());
        counter(families, labels, "requests_expired",
                "Connections closed because their request headers did not arrive within 10 seconds.",
                stats.expiredRequests.sum());
        counter(families, labels, "auth_failures",
                "Requests refused with 401 for missing or wrong credentials.", stats.authFailures.sum());
        counter(families, labels, "metric_read_errors",
                "Metric reads that threw (a failing gauge); that sample was left out of the scrape.",
                stats.metricReadErrors.sum());
        counter(families, labels, "registrations_rejected",
                "Flink metrics not exported: unknown metric type, a name already exported with another type,"
                        + " or sample names another family already exports (x_count beside a histogram x).",
                stats.rejectedRegistrations.sum());
        counter(families, labels, "label_values_truncated",
                "Label values cut to maxLabelValueLength (counted when a label set is built).",
                stats.truncatedLabelValues.sum());
        counter(families, labels, "pushes", "Pushes to the Pushgateway attempted.", stats.pushes.sum());
        counter(families, labels, "push_failures",
                "Pushes to the Pushgateway that failed (not sent, or not answered with 2xx).",
                stats.pushFailures.sum());
        counter(families, labels, "jvm_stats_errors",
                "JVM statistics families left out of a scrape because a meter threw.",
                jvm == null ? 0 : jvm.collectErrors());
        return families;
    }

    private static void gauge(
            List<MetricFamilySamples> families, IdentityLabels labels, String name, String help, double value) {
        families.add(family(labels, PREFIX + name, Collector.Type.GAUGE, help, PREFIX + name, value));
    }

    private static void counter(
            List<MetricFamilySamples> families, IdentityLabels labels, String name, String help, long value) {
        families.add(family(labels, PREFIX + name, Collector.Type.COUNTER, help, PREFIX + name + "_total", value));
    }

    private static MetricFamilySamples family(
            IdentityLabels labels, String name, Collector.Type type, String help, String sampleName, double value) {
        Sample sample = new Sample(sampleName, labels.names(), labels.values(), value);
        return new MetricFamilySamples(name, type, help, Collections.singletonList(sample));
    }
}
