package io.github.flinko11y.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.github.flinko11y.alerts.alertmanager.AlertmanagerConfig;
import io.github.flinko11y.alerts.rules.Alert;
import io.github.flinko11y.alerts.rules.FlinkAlerts;
import io.github.flinko11y.alerts.rules.Inhibition;
import io.github.flinko11y.alerts.testing.GeneratedOutputs;
import io.github.flinko11y.alerts.testing.ModuleFiles;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.HttpProbe;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import io.github.flinko11y.testsupport.servers.AlertmanagerServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** amtool checks and routes the generated Alertmanager configuration; a real Alertmanager applies its inhibition. */
class AlertmanagerTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(200);

    private static GeneratedFiles generator;
    private static List<Alert> alerts;

    @BeforeAll
    static void generate() throws IOException {
        generator = GeneratedOutputs.generator();
        alerts = generator.allAlertGroups().stream().flatMap(g -> g.alerts().stream()).toList();
    }

    @Test
    void amtoolAcceptsTheConfiguration() throws Exception {
        CommandLineTool.Result check = CommandLineTool.run(ModuleFiles.MODULE, "amtool", "check-config", GeneratedFiles.ALERTMANAGER);
        assertThat(check.exitCode()).as("%s", check).isZero();
        int inhibitRules = ((List<?>) generator.alertmanager().document().get("inhibit_rules")).size();
        // Two by role (a cluster down, a job down) and one per superseded alert.
        assertThat(inhibitRules).isEqualTo(2 + alerts.stream().mapToInt(a -> a.supersedes().size()).sum());
        assertThat(check.output()).contains("SUCCESS").contains(" - " + inhibitRules + " inhibit rules")
                .contains(" - 4 receivers");
    }

    @Test
    void eachSeverityGoesToItsReceiver() throws Exception {
        assertThat(route("alertname=FlinkJobNotRunning", "severity=critical")).isEqualTo("paging");
        assertThat(route("alertname=FlinkTaskBusy", "severity=warning")).isEqualTo("ticket");
        assertThat(route("alertname=FlinkExporterSeriesDropped", "severity=info")).isEqualTo("context");
        assertThat(route("alertname=FlinkWatchdog", "severity=info")).isEqualTo("watchdog");
        // An alert someone adds without a known severity still reaches people.
        assertThat(route("alertname=SomethingElse")).isEqualTo("ticket");
    }

    @Test
    void everyAlertIsRoutedByItsSeverity() throws Exception {
        for (Alert alert : alerts) {
            String expected = alert.name().equals(FlinkAlerts.WATCHDOG) ? AlertmanagerConfig.WATCHDOG
                    : switch (alert.severity()) {
                        case CRITICAL -> AlertmanagerConfig.PAGING;
                        case WARNING -> AlertmanagerConfig.TICKET;
                        case INFO -> AlertmanagerConfig.CONTEXT;
                    };
            assertThat(route("alertname=" + alert.name(), "severity=" + alert.severity().label(),
                    "flink_cluster=orders", "namespace=ns", "job_name=orders"))
                    .as(alert.name()).isEqualTo(expected);
        }
    }

    @Test
    void receiversReadTheirSecretsFromFiles() throws IOException {
        JsonNode receivers = YAML.readTree(ModuleFiles.module(GeneratedFiles.ALERTMANAGER).toFile()).get("receivers");
        assertThat(receivers.findValuesAsText("routing_key_file"))
                .containsExactly("/etc/alertmanager/secrets/paging-routing-key");
        assertThat(receivers.findValuesAsText("api_url_file"))
                .containsExactly("/etc/alertmanager/secrets/ticket-slack-url");
        assertThat(receivers.findValuesAsText("credentials_file"))
                .containsExactly("/etc/alertmanager/secrets/watchdog-api-key");
        assertThat(receivers.findValues("routing_key")).isEmpty();
        assertThat(receivers.findValues("api_url")).isEmpty();
        assertThat(receivers.findValues("credentials")).isEmpty();
    }

    @Test
    void notificationsAreGroupedPerAlertAndFlinkJob() throws IOException {
        JsonNode route = YAML.readTree(ModuleFiles.module(GeneratedFiles.ALERTMANAGER).toFile()).get("route");
        assertThat(JSON.convertValue(route.get("group_by"), List.class))
                .containsExactlyInAnyOrder("alertname", "flink_cluster", "namespace", "job_name");
    }

    @Test
    void theWebhookVariantKeepsRoutesAndInhibitionAndPassesAmtool(@TempDir Path dir) throws Exception {
        AlertmanagerConfig webhooks = generator.alertmanager().withWebhookReceivers("http://127.0.0.1:9/hook");
        Map<String, Object> real = generator.alertmanager().document();
        Map<String, Object> test = webhooks.document();
        assertThat(test.get("route")).isEqualTo(real.get("route"));
        assertThat(test.get("inhibit_rules")).isEqualTo(real.get("inhibit_rules"));
        JsonNode receivers = JSON.valueToTree(test.get("receivers"));
        assertThat(receivers.findValuesAsText("url")).containsOnly("http://127.0.0.1:9/hook").hasSize(3);
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, webhooks.file());
        CommandLineTool.Result check = CommandLineTool.run(dir, "amtool", "check-config", file.toString());
        assertThat(check.exitCode()).as("%s", check).isZero();
    }

    /**
     * A real Alertmanager with the webhook variant: a job-down alert suppresses that job's symptom
     * alerts and no other job's, and the Watchdog reaches the dead man's switch at once.
     */
    @Test
    void aJobDownAlertInhibitsThatJobsSymptomsInARealAlertmanager(@TempDir Path dir) throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            hooks.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String config = generator.alertmanager()
                .withWebhookReceivers("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook").file();
        try (AlertmanagerServer alertmanager = AlertmanagerServer.start(dir, config)) {
            String api = alertmanager.url() + "/api/v2/alerts";
            String jobDown = names(Inhibition.JOB_DOWN).get(0);
            String symptom = names(Inhibition.JOB_SYMPTOM).get(0);
            HttpProbe.postJson(api, "[" + alert(jobDown, "critical", "orders") + "," + alert(symptom, "warning", "orders") + ","
                    + alert(symptom, "warning", "clicks") + "," + alert(FlinkAlerts.WATCHDOG, "info", null) + "]");

            JsonNode states = awaitAlerts(api, all -> all.size() == 4 && stateOf(all, symptom, "orders").equals("suppressed"));
            assertThat(stateOf(states, symptom, "orders")).isEqualTo("suppressed");
            assertThat(stateOf(states, symptom, "clicks")).isEqualTo("active");
            assertThat(stateOf(states, jobDown, "orders")).isEqualTo("active");

            Await.atMost(WAIT).pollEvery(POLL).latest(
                    () -> hooks.stream().anyMatch(h -> h.contains("\"receiver\":\"watchdog\"")), delivered -> delivered);
            assertThat(hooks).anySatisfy(h -> {
                JsonNode body = JSON.readTree(h);
                assertThat(body.get("receiver").asText()).isEqualTo("watchdog");
                assertThat(body.at("/commonLabels/alertname").asText()).isEqualTo(FlinkAlerts.WATCHDOG);
            });
        } finally {
            receiver.stop(0);
        }
    }

    private static String route(String... labels) throws Exception {
        List<String> command = new ArrayList<>(List.of("amtool", "config", "routes", "test",
                "--config.file=" + GeneratedFiles.ALERTMANAGER));
        command.addAll(List.of(labels));
        CommandLineTool.Result result = CommandLineTool.run(ModuleFiles.MODULE, null, command);
        assertThat(result.exitCode()).as("%s", result).isZero();
        return result.output().lines().filter(l -> !l.startsWith("Warning:")).reduce((a, b) -> b).orElse("").trim();
    }

    private static List<String> names(Inhibition role) {
        return alerts.stream().filter(a -> a.inhibition() == role).map(Alert::name).toList();
    }

    private static String alert(String name, String severity, String jobName) {
        String job = jobName == null ? "" : ", \"flink_cluster\": \"c1\", \"namespace\": \"ns\", \"job_name\": \"" + jobName + "\"";
        return "{\"labels\": {\"alertname\": \"" + name + "\", \"severity\": \"" + severity + "\"" + job + "}}";
    }

    private static String stateOf(JsonNode alerts, String name, String jobName) {
        for (JsonNode alert : alerts) {
            if (alert.at("/labels/alertname").asText().equals(name) && alert.at("/labels/job_name").asText().equals(jobName)) {
                return alert.at("/status/state").asText();
            }
        }
        return "absent";
    }

    /** Alertmanager's alerts once {@code ready} holds, or the last answer when time is up (the caller asserts on it). */
    private static JsonNode awaitAlerts(String url, Predicate<JsonNode> ready) {
        HttpClient client = HttpClient.newHttpClient();
        return Await.atMost(WAIT).pollEvery(POLL).latest(() -> JSON.readTree(client.send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body()), ready);
    }
}
