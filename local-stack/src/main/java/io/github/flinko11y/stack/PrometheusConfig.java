package io.github.flinko11y.stack;

/**
 * Prometheus's configuration for the local stack: the scrape job {@code flink} with the target
 * labels our Kubernetes scrape configs add ({@code namespace}, {@code cluster}, {@code pod}), short
 * intervals so a demo reacts in seconds, our rule file, and the local Alertmanager.
 */
final class PrometheusConfig {

    private PrometheusConfig() {}

    static String forStack(FlinkProcessCluster flink, AlertmanagerServer alertmanager, String namespace,
            String cluster, String ruleFile) {
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
                + "  - job_name: flink\n"
                + "    static_configs:\n"
                + target(flink.jobManagerMetricsPort(), namespace, cluster, "jobmanager-0")
                + target(flink.taskManagerMetricsPort(), namespace, cluster, "taskmanager-0");
    }

    private static String target(int port, String namespace, String cluster, String pod) {
        return "      - targets: ['127.0.0.1:" + port + "']\n"
                + "        labels: {namespace: " + namespace + ", cluster: " + cluster + ", pod: " + pod + "}\n";
    }
}
