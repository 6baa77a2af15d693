package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.alerts.prometheus.PrometheusRules;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.FastTimings;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.servers.AlertmanagerServer;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring alerts on the real stack: a real Prometheus scrapes itself and a real Alertmanager
 * whose receivers answer 500, and evaluates the kit's monitoring rules (durations divided by 20, as
 * in the local stack) next to a rule group that fails at every evaluation. Exactly the two alerts
 * for those two faults fire.
 */
class MonitoringAlertsLiveTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration FIRING_WITHIN = Duration.ofSeconds(120);

    @Test
    void aFailingReceiverAndABrokenRuleRaiseTheirAlertsInARealPrometheus(@TempDir Path dir) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            refused.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        receiver.start();
        GeneratedFiles fast = new GeneratedFiles(Catalog.of(
                FastTimings.divide(Catalog.read(ModuleFiles.REPOSITORY.resolve("catalog")), 20, 10, "2s")));
        Path amDir = Files.createDirectories(dir.resolve("alertmanager"));
        Path promDir = Files.createDirectories(dir.resolve("prometheus"));
        try (AlertmanagerServer alertmanager = AlertmanagerServer.start(amDir, fast.alertmanager()
                .withWebhookReceivers("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").file())) {
            Files.writeString(promDir.resolve("rules.yml"), monitoringRulesAndABrokenGroup(fast.prometheus()));
            int port = FreePorts.one();
            try (PrometheusServer prometheus = PrometheusServer.start(promDir, port, config(port, alertmanager))) {
                // The Watchdog goes to its receiver at once (group_wait 0s): a notification that fails.
                HttpProbe.postJson(alertmanager.url() + "/api/v2/alerts", "[{\"labels\": {\"alertname\": \"FlinkWatchdog\","
                        + " \"severity\": \"info\"}}]");

                Set<String> firing = Await.atMost(FIRING_WITHIN).pollEvery(Duration.ofSeconds(1)).until(
                        "both monitoring alerts firing", () -> firing(prometheus),
                        names -> names.contains("FlinkMonitoringAlertmanagerSendFailing")
                                && names.contains("FlinkMonitoringRuleEvaluationFailing"));

                assertThat(firing).containsExactly("FlinkMonitoringAlertmanagerSendFailing",
                        "FlinkMonitoringRuleEvaluationFailing");
                assertThat(refused.get()).as("notifications the receiver refused").isPositive();
                assertThat(labelsOf(prometheus, "FlinkMonitoringRuleEvaluationFailing"))
                        .containsEntry("severity", "critical").containsEntry("job", "prometheus")
                        .containsEntry("rule_group", promDir.resolve("rules.yml") + ";broken");
                assertThat(labelsOf(prometheus, "FlinkMonitoringAlertmanagerSendFailing"))
                        .containsEntry("severity", "warning").containsEntry("job", "alertmanager")
                        .containsEntry("integration", "webhook");
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** The generated monitoring group, and a group whose rule fails at every evaluation (duplicate series on one side). */
    private static String monitoringRulesAndABrokenGroup(PrometheusRules rules) throws Exception {
        Map<String, Object> monitoring = rules.groups().stream().filter(g -> "flink-monitoring".equals(g.get("name")))
                .findFirst().orElseThrow();
        Map<String, Object> broken = Map.of("name", "broken", "rules",
                List.of(Map.of("record", "test:broken", "expr", "up + on () up")));
        return YAML.writeValueAsString(Map.of("groups", List.of(monitoring, broken)));
    }

    private static String config(int prometheusPort, AlertmanagerServer alertmanager) {
        return "global:\n"
                + "  scrape_interval: 1s\n"
                + "  evaluation_interval: 1s\n"
                + "rule_files:\n"
                + "  - rules.yml\n"
                + "alerting:\n"
                + "  alertmanagers:\n"
                + "    - static_configs:\n"
                + "        - targets: ['" + alertmanager.address() + "']\n"
                + "scrape_configs:\n"
                + "  - job_name: prometheus\n"
                + "    static_configs:\n"
                + "      - targets: ['127.0.0.1:" + prometheusPort + "']\n"
                + "  - job_name: alertmanager\n"
                + "    static_configs:\n"
                + "      - targets: ['" + alertmanager.address() + "']\n";
    }

    private static Set<String> firing(PrometheusServer prometheus) {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : prometheus.alerts()) {
            if (alert.path("state").asText().equals("firing")) {
                names.add(alert.at("/labels/alertname").asText());
            }
        }
        return names;
    }

    private static Map<String, String> labelsOf(PrometheusServer prometheus, String alertname) {
        for (JsonNode alert : prometheus.alerts()) {
            if (alert.at("/labels/alertname").asText().equals(alertname)) {
                Map<String, String> labels = new TreeMap<>();
                alert.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
                return labels;
            }
        }
        throw new AssertionError(alertname + " is not among " + prometheus.alerts());
    }
}
