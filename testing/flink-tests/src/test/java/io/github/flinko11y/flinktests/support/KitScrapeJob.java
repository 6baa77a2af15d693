package io.github.flinko11y.flinktests.support;

import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.flinktests.dashboards.CatalogFiles;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kit's Flink scrape job as a live test's Prometheus runs it: the catalog's job name and the
 * target labels that Kubernetes discovery would set, on a static target, the exporter on loopback.
 */
public final class KitScrapeJob {

    private KitScrapeJob() {}

    /** A {@code scrape_configs:} block (YAML) with that one job. */
    public static String scrapeConfigs(int reporterPort, String namespace, String cluster, String pod) {
        Labels labels = CatalogFiles.catalog().labels();
        Map<String, String> targetLabels = new LinkedHashMap<>();
        targetLabels.put(labels.target("namespace"), namespace);
        targetLabels.put(labels.target("cluster"), cluster);
        targetLabels.put(labels.target("pod"), pod);
        String labelLines = targetLabels.entrySet().stream()
                .map(e -> "          " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n"));
        return "scrape_configs:\n"
                + "  - job_name: " + labels.scrapeJob() + "\n"
                + "    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + reporterPort + "']\n"
                + "        labels:\n"
                + labelLines + "\n";
    }
}
