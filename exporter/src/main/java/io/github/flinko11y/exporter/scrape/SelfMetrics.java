package io.github.flinko11y.exporter.scrape;

import io.github.flinko11y.exporter.ExporterStats;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The exporter's own figures, served with every scrape: how long scrapes take, how many series go
 * out and how many are held back, and everything that went wrong without breaking anything. These
 * are ours, not Flink's, so they follow Prometheus conventions in either semantics.
 */
public final class SelfMetrics implements ExtraFamilies {

    static final String PREFIX = "flinko11y_exporter_";

    private final ExporterStats stats;

    public SelfMetrics(ExporterStats stats) {
        this.stats = stats;
    }

    @Override
    public List<MetricFamilySamples> collect(ScrapeFigures figures) {
        List<MetricFamilySamples> families = new ArrayList<>();
        gauge(families, "last_scrape_duration_seconds",
                "Wall time of the last complete scrape or push: reading every value and sending the body.",
                stats.lastScrapeNanos.get() / 1e9);
        gauge(families, "series", "Flink sample lines in this scrape.", figures.seriesExported());
        gauge(families, "series_dropped",
                "Flink series registered but left out of this scrape by the maxSeries cap.",
                figures.seriesDropped());
        counter(families, "scrapes", "Scrapes served, this one included.", stats.scrapes);
        counter(families, "scrapes_aborted",
                "Scrapes whose client went away before the body was complete.", stats.abortedScrapes);
        counter(families, "requests_expired",
                "Connections closed because their request headers did not arrive within 10 seconds.",
                stats.expiredRequests);
        counter(families, "auth_failures",
                "Requests refused with 401 for missing or wrong credentials.", stats.authFailures);
        counter(families, "metric_read_errors",
                "Metric reads that threw (a failing gauge); that sample was left out of the scrape.",
                stats.metricReadErrors);
        counter(families, "registrations_rejected",
                "Flink metrics not exported: unknown metric type or a name already exported with another type.",
                stats.rejectedRegistrations);
        counter(families, "label_values_truncated",
                "Label values cut to maxLabelValueLength (counted when a label set is built).",
                stats.truncatedLabelValues);
        return families;
    }

    private static void gauge(List<MetricFamilySamples> families, String name, String help, double value) {
        families.add(family(PREFIX + name, Collector.Type.GAUGE, help, PREFIX + name, value));
    }

    private static void counter(List<MetricFamilySamples> families, String name, String help, LongAdder value) {
        families.add(family(PREFIX + name, Collector.Type.COUNTER, help, PREFIX + name + "_total", value.sum()));
    }

    private static MetricFamilySamples family(
            String name, Collector.Type type, String help, String sampleName, double value) {
        Sample sample = new Sample(sampleName, Collections.emptyList(), Collections.emptyList(), value);
        return new MetricFamilySamples(name, type, help, Collections.singletonList(sample));
    }
}
