package io.github.flinko11y.alerts;

import io.github.flinko11y.alerts.alertmanager.AlertmanagerConfig;
import io.github.flinko11y.alerts.docs.AlertsReference;
import io.github.flinko11y.alerts.loki.LogAlerts;
import io.github.flinko11y.alerts.prometheus.PrometheusRules;
import io.github.flinko11y.alerts.rules.AlertGroup;
import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file alert-rules/ generates, by path relative to the module directory. The build writes
 * them (a test; see {@code GeneratedFilesTest}); {@link #main} does the same by hand.
 */
public final class GeneratedFiles {

    public static final String PROMETHEUS_RULES = "generated/prometheus/flink-rules.yaml";
    public static final String PROMETHEUS_RULE_RESOURCE = "generated/prometheus-operator/flink-prometheusrule.yaml";
    public static final String ALERTMANAGER = "generated/alertmanager/alertmanager.yml";
    public static final String LOKI_RULES = "generated/loki/flink-log-rules.yaml";
    /** The generated reference of alerts and thresholds, in the repository's docs/. */
    public static final String ALERTS_REFERENCE = "../docs/alerts.md";

    private final Catalog catalog;
    private final PrometheusRules prometheus;
    private final LogAlerts logs;

    public GeneratedFiles(Catalog catalog) {
        this.catalog = catalog;
        this.prometheus = new PrometheusRules(catalog);
        this.logs = new LogAlerts(catalog);
    }

    /** Every alert: the Prometheus alert groups, then the Loki ruler's. */
    public List<AlertGroup> allAlertGroups() {
        List<AlertGroup> groups = new ArrayList<>(prometheus.alertGroups());
        groups.add(logs.group());
        return groups;
    }

    public PrometheusRules prometheus() {
        return prometheus;
    }

    /** The deployed Alertmanager configuration; {@code .withWebhookReceivers(url)} gives the e2e variant. */
    public AlertmanagerConfig alertmanager() {
        return AlertmanagerConfig.forAlerts(allAlertGroups(), FlinkAlerts.WATCHDOG, catalog.labels());
    }

    public Map<String, String> contents() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(PROMETHEUS_RULES, prometheus.ruleFile());
        files.put(PROMETHEUS_RULE_RESOURCE, prometheus.prometheusRule());
        files.put(ALERTMANAGER, alertmanager().file());
        files.put(LOKI_RULES, logs.ruleFile());
        files.put(ALERTS_REFERENCE, AlertsReference.markdown(catalog, allAlertGroups()));
        return files;
    }

    /** Writes the files; argument: the repository root (default: the parent of the working directory). */
    public static void main(String[] args) throws IOException {
        Path root = args.length > 0 ? Paths.get(args[0]) : Paths.get("..");
        for (Map.Entry<String, String> file : new GeneratedFiles(Catalog.load(root.resolve("catalog"))).contents().entrySet()) {
            Path target = root.resolve("alert-rules").resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
    }
}
