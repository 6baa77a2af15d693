package io.github.flinko11y.stack;

import io.github.flinko11y.alerts.catalog.Catalog;

/**
 * Prometheus's configuration for the local stack: the catalog's scrape job with the target labels
 * our Kubernetes scrape configs add ({@code namespace}, {@code cluster}, {@code pod}), short
 * intervals so a demo reacts in seconds, our rule file, and the local Alertmanager.
 */
final class PrometheusConfig {

    private PrometheusConfig() {}

    static String forStack(FlinkProcessCluster flink, AlertmanagerServer alertmanager, Catalog catalog,
            String namespace, String cluster, String ruleFile) {
        return "global:\n"
                + "  scrape_interval: 2s\n"
                + "  evaluation_interval: 2s\n"
                + "rule_files:\n"
                + "  - " + ruleFile + "\n"
                + "alerting:\n"
                + "  alertmanagers:\n"
                + "    - static_configs:\n"
                + "        - targets: ['" + alertmanager.address() + "']\n"
                + "scrape_configs:\n"
                + "  - job_name: " + catalog.scrapeJob() + "\n"
                + "    static_configs:\n"
                + target(catalog, flink.jobManagerMetricsPort(), namespace, cluster, "jobmanager-0")
                + target(catalog, flink.taskManagerMetricsPort(), namespace, cluster, "taskmanager-0");
    }

    private static String target(Catalog catalog, int port, String namespace, String cluster, String pod) {
        return "      - targets: ['127.0.0.1:" + port + "']\n"
                + "        labels: {" + catalog.targetLabel("namespace") + ": " + namespace + ", "
                + catalog.targetLabel("cluster") + ": " + cluster + ", " + catalog.targetLabel("pod") + ": " + pod + "}\n";
    }
}
