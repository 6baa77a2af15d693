package io.github.flinko11y.exporter;

import io.github.flinko11y.exporter.config.ExporterConfig;
import io.github.flinko11y.exporter.jvm.ProcessIdentity;
import io.github.flinko11y.exporter.naming.LabelSet;
import io.github.flinko11y.exporter.naming.LabelSetFactory;
import io.github.flinko11y.exporter.naming.LabelValueLimit;
import io.github.flinko11y.exporter.naming.PrometheusNames;
import io.github.flinko11y.exporter.registry.MetricKind;
import io.github.flinko11y.exporter.registry.SeriesRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink metrics one reporter exports, whether it serves them (pull) or pushes them: turns
 * Flink's add/remove notifications into named, labelled series. Names and labels are encoded here,
 * once per metric; nothing here throws into Flink's metric threads.
 */
public final class ExportedMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(ExportedMetrics.class);

    private final ExporterConfig config;
    private final ExporterStats stats;
    private final SeriesRegistry registry;
    private final LabelSetFactory labelSets;
    private final ProcessIdentity identity;
    private final Set<String> nameConflictsLogged = ConcurrentHashMap.newKeySet();

    public ExportedMetrics(ExporterConfig config, ExporterStats stats) {
        this.config = config;
        this.stats = stats;
        this.registry = new SeriesRegistry(config.semantics(), config.maxSampleLines());
        this.labelSets = new LabelSetFactory(
                config.filterLabelValueCharacters(),
                new LabelValueLimit(config.maxLabelValueLength(), stats.truncatedLabelValues));
        this.identity = new ProcessIdentity(config.filterLabelValueCharacters());
    }

    public void add(Metric metric, String metricName, MetricGroup group) {
        try {
            MetricKind kind = MetricKind.of(metric);
            if (kind == null) {
                stats.rejectedRegistrations.increment();
                LOG.warn("Metric {} of type {} is not a counter, gauge, meter or histogram; not exported.",
                        metricName, metric.getClass().getName());
                return;
            }
            identity.observe(group);
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
                case NAME_CONFLICT:
                    nameConflict(name, kind);
                    break;
                default:
            }
        } catch (RuntimeException e) {
            stats.rejectedRegistrations.increment();
            LOG.warn("Could not export metric {}; Flink is not affected.", metricName, e);
        }
    }

    /** Counted each time, logged once per name: a job registers the same name in every subtask. */
    private void nameConflict(String name, MetricKind kind) {
        stats.rejectedRegistrations.increment();
        if (nameConflictsLogged.add(name)) {
            LOG.warn("{} is not exported: some of its sample lines would have the names of lines of {},"
                            + " registered first, and Prometheus would keep one of the two values at random"
                            + " (Flink's reporter also keeps the first). Rename one of the two metrics;"
                            + " further registrations of {} are only counted in"
                            + " flinko11y_exporter_registrations_rejected_total.",
                    name, registry.claimant(name, kind), name);
        }
    }

    public void remove(Metric metric, String metricName, MetricGroup group) {
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

    /** Which Flink process these metrics come from, learned from their groups. */
    public ProcessIdentity identity() {
        return identity;
    }

    public SeriesRegistry registry() {
        return registry;
    }

    public void clear() {
        registry.clear();
    }
}
