package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.flinktests.dashboards.CatalogFiles;
import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.flinktests.support.KitScrapeJob;
import io.github.flinko11y.flinktests.support.RepoFiles;
import io.github.flinko11y.testsupport.Await;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import io.github.flinko11y.testsupport.servers.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kustomize/components/remote-write, live: a Prometheus runs the rendered configuration of
 * kustomize/examples/remote-write (its external labels and its remote_write section; the Flink job
 * adapted to a MiniCluster's exporter on loopback, as the other live tests do) with the environment
 * the StatefulSet gives its pod, and writes to a second, real Prometheus started as a remote-write
 * receiver. The Flink series arrive there with the cluster and replica labels.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RemoteWriteLiveTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String EXAMPLE = "kustomize/examples/remote-write";
    private static final String POD_NAME = "prometheus-1";
    private static final String NAMESPACE = "flink-tests";
    private static final String FLINK_CLUSTER = "minicluster";
    private static final String FLINK_POD = "minicluster-0";
    /** One series the JobManager always has, job or not. */
    private static final String SERIES = "flink_jobmanager_numRegisteredTaskManagers";

    private static MiniCluster cluster;
    private static PrometheusServer receiver;
    private static PrometheusServer sender;
    private static Map<String, String> podEnvironment;

    @TempDir
    static Path receiverDir;

    @TempDir
    static Path senderDir;

    @BeforeAll
    static void startFlinkAndBothPrometheus() throws Exception {
        int reporterPort = FreePorts.one();
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(Configuration.fromMap(Map.of(
                        "metrics.reporter.prom.factory.class", ExporterPlugin.FACTORY_CLASS,
                        "metrics.reporter.prom.port", String.valueOf(reporterPort))))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .withRandomPorts()
                .setPluginManager(ExporterPlugin.pluginManager())
                .build());
        cluster.start();

        receiver = PrometheusServer.start(receiverDir, "global:\n  scrape_interval: 1s\n",
                List.of("--web.enable-remote-write-receiver"), Map.of());

        List<JsonNode> rendered = render(EXAMPLE);
        podEnvironment = podEnvironment(rendered);
        sender = PrometheusServer.start(senderDir, senderConfig(rendered, reporterPort),
                expandExternalLabelsFlag(), podEnvironment);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        try {
            if (sender != null) {
                sender.close();
            }
        } finally {
            try {
                if (receiver != null) {
                    receiver.close();
                }
            } finally {
                if (cluster != null) {
                    cluster.closeAsync().get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void flinkSeriesReachTheReceiverWithTheClusterAndReplicaLabels() {
        Labels labels = CatalogFiles.catalog().labels();

        List<Map<String, String>> received = Await.atMost(Duration.ofSeconds(120)).pollEvery(Duration.ofMillis(500))
                .latest(() -> receiver.query(SERIES), series -> !series.isEmpty());

        assertThat(received).as("%s on the receiver; sender log:%n%s", SERIES, sender.tail(30)).hasSize(1);
        Map<String, String> series = received.get(0);
        assertThat(series.get("cluster")).as("the cluster name of the example's prometheus-external-labels")
                .isEqualTo("prod-eu-1").isEqualTo(podEnvironment.get("KUBERNETES_CLUSTER"));
        assertThat(series.get("prometheus_replica")).isEqualTo(POD_NAME);
        assertThat(series.get("job")).isEqualTo(labels.scrapeJob());
        assertThat(series.get(labels.target("namespace"))).isEqualTo(NAMESPACE);
        assertThat(series.get(labels.target("cluster"))).isEqualTo(FLINK_CLUSTER);
        assertThat(series.get("__value__")).as("one registered TaskManager").isEqualTo("1");

        // External labels leave with the samples; the sender's own TSDB (its dashboards and rules) never has them.
        List<Map<String, String>> local = sender.query(SERIES);
        assertThat(local).hasSize(1);
        assertThat(local.get(0)).doesNotContainKeys("cluster", "prometheus_replica");
    }

    /** `kubectl kustomize` of a directory of the repository, as objects. */
    private static List<JsonNode> render(String directory) throws IOException {
        CommandLineTool.Result result = CommandLineTool.run(RepoFiles.path(""), "kubectl", "kustomize", directory);
        assertThat(result.exitCode()).as("kubectl kustomize " + directory + ":\n" + result.output()).isZero();
        List<JsonNode> objects = new ArrayList<>();
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(result.output())) {
            documents.forEachRemaining(objects::add);
        }
        return objects;
    }

    /**
     * The rendered configuration with what this machine needs instead of the pod's: the Flink job on
     * loopback for Kubernetes discovery, the receiver for the store, a password file of its own for the
     * mounted Secret; no rules and Alertmanagers (not part of this test). Global settings, external
     * labels and the rest of the remote_write section stay as rendered.
     */
    private static String senderConfig(List<JsonNode> rendered, int reporterPort) throws IOException {
        JsonNode renderedConfig = YAML.readTree(object(rendered, "ConfigMap", "prometheus-config")
                .path("data").path("prometheus.yml").asText());
        ObjectNode config = YAML.createObjectNode();
        ObjectNode global = config.putObject("global");
        global.setAll((ObjectNode) renderedConfig.path("global"));
        global.put("scrape_interval", "1s");
        JsonNode remoteWrite = renderedConfig.path("remote_write");
        assertThat(remoteWrite).as("remote_write of " + EXAMPLE).hasSize(1);
        ObjectNode endpoint = (ObjectNode) remoteWrite.get(0);
        endpoint.put("url", receiver.url() + "/api/v1/write");
        ObjectNode basicAuth = (ObjectNode) endpoint.path("basic_auth");
        assertThat(basicAuth.path("password_file").asText()).startsWith("/etc/prometheus/remote-write/");
        Path password = Files.writeString(senderDir.resolve("password"), "live-test-password");
        basicAuth.put("password_file", password.toString());
        config.set("remote_write", remoteWrite);
        return YAML.writeValueAsString(config).replaceFirst("^---\n", "")
                + KitScrapeJob.scrapeConfigs(reporterPort, NAMESPACE, FLINK_CLUSTER, FLINK_POD);
    }

    /** The Prometheus container's variables as the kubelet sets them for the pod {@link #POD_NAME}. */
    private static Map<String, String> podEnvironment(List<JsonNode> rendered) {
        JsonNode container = null;
        for (JsonNode c : object(rendered, "StatefulSet", "prometheus").path("spec").path("template").path("spec").path("containers")) {
            if (c.path("name").asText().equals("prometheus")) {
                container = c;
            }
        }
        assertThat(container).as("container prometheus").isNotNull();
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            JsonNode from = variable.path("valueFrom");
            String value;
            if (from.path("fieldRef").path("fieldPath").asText().equals("metadata.name")) {
                value = POD_NAME;
            } else if (from.has("configMapKeyRef")) {
                JsonNode ref = from.path("configMapKeyRef");
                value = object(rendered, "ConfigMap", ref.path("name").asText()).path("data").path(ref.path("key").asText()).asText();
            } else {
                value = variable.path("value").asText();
            }
            environment.put(variable.path("name").asText(), value);
        }
        return environment;
    }

    /** Prometheus 3 expands ${VAR} in external labels by default; the 2.x of Debian only with this flag. */
    private static List<String> expandExternalLabelsFlag() {
        CommandLineTool.Result version = CommandLineTool.run(RepoFiles.path(""), PrometheusServer.BINARY.toString(), "--version");
        Matcher m = Pattern.compile("version (\\d+)\\.").matcher(version.output());
        assertThat(m.find()).as("prometheus --version: " + version.output()).isTrue();
        return Integer.parseInt(m.group(1)) < 3 ? List.of("--enable-feature=expand-external-labels") : List.of();
    }

    private static JsonNode object(List<JsonNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .filter(o -> o.path("metadata").path("name").asText().matches(Pattern.quote(name) + "(-[a-z0-9]{10})?"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(EXAMPLE + " renders no " + kind + " " + name));
    }
}
