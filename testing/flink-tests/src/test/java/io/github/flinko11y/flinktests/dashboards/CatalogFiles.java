package io.github.flinko11y.flinktests.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.catalog.RecordingRule;
import io.github.flinko11y.flinktests.support.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The repository's catalog as the live tests need it: read by the one catalog reader. */
public final class CatalogFiles {

    private CatalogFiles() {}

    public static Catalog catalog() {
        return Catalog.load(RepoFiles.path("catalog"));
    }

    /**
     * Series the catalog says Flink {@code version} (major.minor) does not have ({@code absentOn}),
     * with the catalog's note; recording rules computed from one of them are absent, too.
     */
    public static Map<String, String> absentSeries(String version) {
        Catalog catalog = catalog();
        Map<String, String> absent = new LinkedHashMap<>();
        for (Metric metric : catalog.metrics()) {
            if (metric.absentOn(version)) {
                absent.put(metric.name(), metric.note());
            }
        }
        for (RecordingRule rule : catalog.recordingRules().all()) {
            for (Metric input : rule.inputs()) {
                if (input.absentOn(version)) {
                    absent.put(rule.record(), "computed from " + input.name() + ": " + input.note());
                }
            }
        }
        return absent;
    }

    /**
     * Series that come from Kubernetes or the Flink Kubernetes operator rather than from Flink
     * (kube-state-metrics, the kubelet's cAdvisor, the operator), with their source; recording rules
     * computed from one of them (the Kubernetes joins) too.
     */
    public static Map<String, String> kubernetesSeries() {
        Catalog catalog = catalog();
        Map<String, String> kubernetes = new LinkedHashMap<>();
        for (Metric metric : catalog.metrics()) {
            if (KUBERNETES_SOURCES.contains(metric.source())) {
                kubernetes.put(metric.name(), metric.source());
            }
        }
        for (RecordingRule rule : catalog.recordingRules().all()) {
            for (Metric input : rule.inputs()) {
                if (KUBERNETES_SOURCES.contains(input.source())) {
                    kubernetes.putIfAbsent(rule.record(), input.source());
                }
            }
        }
        return kubernetes;
    }

    /** Catalog sources outside Flink's processes that run only on Kubernetes. */
    /**
     * Catalog entries that only a job with a Kafka source, a Kafka sink or RocksDB state registers
     * (the local stack's demo job, where EndToEndTest requires their panels to show data), by series name.
     */
    public static Map<String, String> connectorAndStateSeries() {
        Map<String, String> series = new LinkedHashMap<>();
        for (Metric metric : catalog().metrics()) {
            if (CONNECTOR_AND_STATE_ENTRIES.stream().anyMatch(prefix -> metric.id().startsWith(prefix))) {
                series.put(metric.name(), metric.id());
            }
        }
        return series;
    }

    /** Id prefixes of the catalog entries of flink-connector-kafka and of the RocksDB state backend. */
    public static final List<String> CONNECTOR_AND_STATE_ENTRIES = List.of("kafkaSource.", "kafkaSink.", "rocksdb.");

    public static final Set<String> KUBERNETES_SOURCES = Set.of("kube-state-metrics", "cadvisor", "flink-kubernetes-operator");

    /**
     * A Prometheus rule file (JSON is YAML) with the catalog's recording rules, evaluated every
     * {@code interval} instead of the catalog's production interval so a short test sees results.
     */
    public static String recordingRuleFile(String interval) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Map.of("groups", catalog().recordingRules().ruleGroups(interval)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
