package io.github.flinko11y.exporter;

import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.http.MetricsHttpServer;
import io.github.flinko11y.exporter.http.ScrapeHandler;
import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import io.github.flinko11y.exporter.naming.PrometheusNames;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Flink's metrics to Prometheus with the names, labels and types of Flink's own
 * PrometheusReporter. Label blocks and names are encoded once when a metric is added; a scrape only
 * reads values and copies bytes. Nothing here throws into Flink's metric threads.
 */
public class PrometheusExporter implements MetricReporter {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusExporter.class);

    private final ExporterConfig config;
    private final SeriesRegistry registry = new SeriesRegistry();
    private final LabelSetFactory labelSets;
    private final ExporterStats stats = new ExporterStats();
    private final MetricsHttpServer server;

    /**
     * Binds the endpoint at construction, so a port, host or key material problem surfaces when
     * Flink starts.
     */
    public PrometheusExporter(ExporterConfig config) {
        this.config = config;
        this.labelSets = new LabelSetFactory(config.filterLabelValueCharacters());
        this.server = MetricsHttpServer.start(config, new ScrapeHandler(registry, stats), stats);
    }

    @Override
    public void open(MetricConfig metricConfig) {
        // Configuration was read and checked by the factory.
    }

    @Override
    public void close() {
        server.close();
        registry.clear();
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        try {
            MetricKind kind = MetricKind.of(metric);
            if (kind == null) {
                stats.rejectedRegistrations.increment();
                LOG.warn("Metric {} of type {} is not a counter, gauge, meter or histogram; not exported.",
                        metricName, metric.getClass().getName());
                return;
            }
            if (!allowed(metricName, group)) {
                return;
            }
            String scope = PrometheusNames.logicalScope(group);
            String name = PrometheusNames.familyName(scope, metricName);
            LabelSet labels = labelSets.create(group.getAllVariables());
            switch (registry.add(name, scope, metricName, labels, metric, kind)) {
                case SHADOWED:
                    stats.shadowedRegistrations.increment();
                    LOG.debug("{}{} is registered twice; exporting the first.", name, labels);
                    break;
                case TYPE_CONFLICT:
                    stats.rejectedRegistrations.increment();
                    LOG.warn("{} is already exported with another type; the {} {}{} is not exported.",
                            name, kind, name, labels);
                    break;
                default:
            }
        } catch (RuntimeException e) {
            stats.rejectedRegistrations.increment();
            LOG.warn("Could not export metric {}; Flink is not affected.", metricName, e);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        try {
            String name = PrometheusNames.familyName(PrometheusNames.logicalScope(group), metricName);
            registry.remove(name, labelSets.create(group.getAllVariables()), metric);
        } catch (RuntimeException e) {
            LOG.warn("Could not remove metric {} from the export.", metricName, e);
        }
    }

    private boolean allowed(String metricName, MetricGroup group) {
        List<String> allowList = config.allowList();
        if (allowList.isEmpty()) {
            return true;
        }
        String scoped =
                LogicalScopeProvider.castFrom(group).getLogicalScope(PrometheusNames.CHARACTER_FILTER)
                        + '.' + metricName;
        for (String pattern : allowList) {
            if (scoped.contains(pattern)) {
                return true;
            }
        }
        return false;
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
        return registry;
    }

    public ExporterStats stats() {
        return stats;
    }
}
