package io.github.flinko11y.exporter.push;

import io.github.flinko11y.exporter.ExportedMetrics;
import io.github.flinko11y.exporter.ExporterStats;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import io.github.flinko11y.exporter.scrape.ScrapeContent;
import io.github.flinko11y.exporter.scrape.ExtraFamilies;
import io.github.flinko11y.exporter.scrape.ServedExtras;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes Flink's metrics to a Prometheus Pushgateway at every report interval: the series the pull
 * exporter would serve, in text format 0.0.4, replacing the reporter's group (PUT) as Flink's
 * PrometheusPushGatewayReporter does. A failed push never throws into Flink: it is counted, logged
 * at WARN when an outage starts and at INFO when pushes succeed again.
 */
public class PushGatewayExporter implements MetricReporter, Scheduled {

    private static final Logger LOG = LoggerFactory.getLogger(PushGatewayExporter.class);

    private final PushGatewayConfig config;
    private final ExporterStats stats;
    private final ExportedMetrics metrics;
    private final ScrapeContent exposition;
    /** The configured extras, when this reporter made them (released on close). */
    private final ServedExtras served;
    private final PushGatewayClient client;

    /** Held for a push and for close: pushes never overlap, and none follows the delete. */
    private final ReentrantLock pushLock = new ReentrantLock();
    private long failuresInOutage; // guarded by pushLock
    private boolean closed; // guarded by pushLock

    public PushGatewayExporter(PushGatewayConfig config) {
        this(config, new ExporterStats(), null);
    }

    /**
     * {@code extras}: families pushed after Flink's; null for the configured ones (JVM statistics,
     * self-metrics over {@code stats}).
     */
    public PushGatewayExporter(PushGatewayConfig config, ExporterStats stats, List<ExtraFamilies> extras) {
        this.config = config;
        this.stats = stats;
        this.metrics = new ExportedMetrics(config.export(), stats);
        this.served = extras == null ? ServedExtras.of(config.export(), stats, metrics.identity()) : null;
        this.exposition = new ScrapeContent(
                metrics.registry(), stats, served == null ? extras : served.families(), config.export().semantics());
        this.client = new PushGatewayClient(config.hostUrl(), config.group(), config.authorization());
        LOG.info("Pushing Flink metrics to the Pushgateway: {}", config);
    }

    @Override
    public void open(MetricConfig metricConfig) {
        // Configuration was read and checked by the factory.
    }

    @Override
    public void report() {
        if (!pushLock.tryLock()) {
            LOG.debug("A push to {} is still running; skipping this one.", client.groupUrl());
            return;
        }
        try {
            if (!closed) {
                push();
            }
        } finally {
            pushLock.unlock();
        }
    }

    private void push() {
        stats.pushes.increment();
        long start = System.nanoTime();
        try {
            // Prepared per push: values are read now.
            client.put(exposition.prepare(ScrapeContent.Format.TEXT_004));
            stats.lastScrapeNanos.set(System.nanoTime() - start);
        } catch (IOException | RuntimeException e) {
            stats.pushFailures.increment();
            if (failuresInOutage++ == 0) {
                LOG.warn("Could not push metrics to the Pushgateway at {}: {}. Retrying at every report"
                                + " interval; further failures are logged at DEBUG until a push succeeds.",
                        client.groupUrl(), describe(e));
            } else {
                LOG.debug("Push {} to {} failed: {}", failuresInOutage, client.groupUrl(), describe(e), e);
            }
            return;
        }
        if (failuresInOutage > 0) {
            LOG.info("Pushed metrics to the Pushgateway at {} again, after {} failed pushes.",
                    client.groupUrl(), failuresInOutage);
            failuresInOutage = 0;
        }
    }

    /** Deletes the group when so configured; waits for a running push first, never throws. */
    @Override
    public void close() {
        pushLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (config.deleteOnShutdown()) {
                try {
                    client.delete();
                    LOG.info("Deleted the metrics group at {} from the Pushgateway.", client.groupUrl());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Could not delete the metrics group at {} from the Pushgateway: {}. Its series"
                                    + " stay there until deleted by hand.", client.groupUrl(), describe(e));
                }
            }
        } finally {
            pushLock.unlock();
            if (served != null) {
                served.close();
            }
            metrics.clear();
        }
    }

    private static String describe(Exception e) {
        return e instanceof PushGatewayClient.RejectedException
                ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.add(metric, metricName, group);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric, metricName, group);
    }

    /** The job label pushed with, random suffix included. */
    public String jobName() {
        return config.group().job();
    }

    public SeriesRegistry registry() {
        return metrics.registry();
    }

    public ExporterStats stats() {
        return stats;
    }
}
