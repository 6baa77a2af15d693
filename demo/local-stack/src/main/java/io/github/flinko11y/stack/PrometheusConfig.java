package io.github.flinko11y.stack;

import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.testsupport.servers.AlertmanagerServer;

/**
 * Prometheus's configuration for the local stack: the catalog's scrape job with the target labels
 * our Kubernetes scrape configs add ({@code namespace}, {@code cluster}, {@code pod}), short
 * intervals so a demo reacts in seconds, our rule file, and the local Alertmanager.
 */
final class PrometheusConfig {

    private PrometheusConfig() {}

    static String forStack(FlinkProcessCluster flink, AlertmanagerServer alertmanager, Labels labels,
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
                + "  - job_name: " + labels.scrapeJob() + "\n"
                + "    static_configs:\n"
                + target(labels, flink.jobManagerMetricsPort(), namespace, cluster, "jobmanager-0")
                + target(labels, flink.taskManagerMetricsPort(), namespace, cluster, "taskmanager-0");
    }

    private static String target(Labels labels, int port, String namespace, String cluster, String pod) {
        return "      - targets: ['127.0.0.1:" + port + "']\n"
                + "        labels: {" + labels.target("namespace") + ": " + namespace + ", "
                + labels.target("cluster") + ": " + cluster + ", " + labels.target("pod") + ": " + pod + "}\n";
    }
}
