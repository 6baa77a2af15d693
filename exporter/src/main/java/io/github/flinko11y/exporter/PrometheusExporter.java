package io.github.flinko11y.exporter;

import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.http.MetricsHttpServer;
import io.github.flinko11y.exporter.http.ScrapeHandler;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import io.github.flinko11y.exporter.scrape.ScrapeContent;
import io.github.flinko11y.exporter.scrape.ServedExtras;
import java.net.InetSocketAddress;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * Serves Flink's metrics to Prometheus with the names, labels and types of Flink's own
 * PrometheusReporter. Label blocks and names are encoded once when a metric is added; a scrape only
 * reads values and copies bytes. Nothing here throws into Flink's metric threads.
 */
public class PrometheusExporter implements MetricReporter {

    private final ExporterStats stats = new ExporterStats();
    private final ExportedMetrics metrics;
    private final ServedExtras extras;
    private final MetricsHttpServer server;

    /**
     * Binds the endpoint at construction, so a port, host or key material problem surfaces when
     * Flink starts.
     */
    public PrometheusExporter(ExporterConfig config) {
        this.metrics = new ExportedMetrics(config, stats);
        this.extras = ServedExtras.of(config, stats, metrics.identity());
        ScrapeContent exposition = new ScrapeContent(metrics.registry(), stats, extras.families(), config.semantics());
        try {
            this.server = MetricsHttpServer.start(config, new ScrapeHandler(exposition, stats), stats);
        } catch (RuntimeException e) {
            extras.close(); // the reporter never starts: release the JVM statistics binding
            throw e;
        }
    }

    @Override
    public void open(MetricConfig metricConfig) {
        // Configuration was read and checked by the factory.
    }

    @Override
    public void close() {
        server.close();
        extras.close();
        metrics.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.add(metric, metricName, group);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric, metricName, group);
    }

    /** The port the endpoint is bound to. */
    public int port() {
        return server.port();
    }

    /** The address and port the endpoint is bound to. */
    public InetSocketAddress address() {
        return server.address();
    }

    public SeriesRegistry registry() {
        return metrics.registry();
    }

    public ExporterStats stats() {
        return stats;
    }
}
