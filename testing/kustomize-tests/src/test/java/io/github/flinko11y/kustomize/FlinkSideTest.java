package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Flink examples against the exporter, the log appender and the monitoring stack that finds them. */
class FlinkSideTest {

    private static final Target OPERATOR = Target.directory("kustomize/examples/flink-operator");
    private static final Target DEV = Target.directory("kustomize/overlays/dev");

    /** The examples' pod templates and Flink configurations: operator, then native Kubernetes. */
    private static List<JsonNode[]> examples() throws IOException {
        JsonNode flink = Renderer.render(OPERATOR).find("FlinkDeployment", "state-machine").orElseThrow();
        JsonNode nativePod = Yaml.readOne(Repository.path("kustomize/examples/native-kubernetes/pod-template.yaml"));
        JsonNode nativeConfig = Yaml.readOne(Repository.path("kustomize/examples/native-kubernetes/config.yaml"));
        return List.of(new JsonNode[] {flink.path("spec").path("podTemplate").path("spec"), flink.path("spec").path("flinkConfiguration")},
                new JsonNode[] {nativePod.path("spec"), nativeConfig});
    }

    @Test
    void examplesLoadTheExporterOnTheNamedMetricsPort() throws IOException {
        String factory = "io.github.flinko11y.exporter.PrometheusExporterFactory";
        assertThat(Files.readAllLines(Repository.path(
                "exporter/src/main/resources/META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory")))
                .as("the exporter's factory").contains(factory);
        String portName = flinkJobKeepRegex("__meta_kubernetes_pod_container_port_name");

        for (JsonNode[] example : examples()) {
            JsonNode config = example[1];
            assertThat(config.path("metrics.reporter.prom.factory.class").asText()).isEqualTo(factory);
            int port = config.path("metrics.reporter.prom.port").asInt();
            JsonNode main = example[0].path("containers").get(0);
            assertThat(main.path("name").asText()).isEqualTo("flink-main-container");
            assertThat(main.path("ports")).anySatisfy(p -> {
                assertThat(p.path("containerPort").asInt()).isEqualTo(port);
                assertThat(p.path("name").asText()).matches(portName);
            });
        }
        JsonNode podMonitor = Renderer.render(Target.directory("kustomize/overlays/kube-prometheus-stack"))
                .find("PodMonitor", "flink").orElseThrow();
        assertThat(podMonitor.path("spec").path("podMetricsEndpoints").get(0).path("port").asText()).matches(portName);
    }

    @Test
    void examplesSetTheLogAppendersEnvironmentFromTheDownwardApi() throws IOException {
        String appenderReadme = Files.readString(Repository.path("log-appender/README.md"));
        Map<String, String> fieldRefs = new LinkedHashMap<>();
        fieldRefs.put("FLINK_O11Y_NAMESPACE", "metadata.namespace");
        fieldRefs.put("POD_NAME", "metadata.name");
        fieldRefs.put("NODE_NAME", "spec.nodeName");
        fieldRefs.put("FLINK_O11Y_CLUSTER_ID", "metadata.labels['app']");
        fieldRefs.put("FLINK_O11Y_COMPONENT", "metadata.labels['component']");

        for (JsonNode[] example : examples()) {
            Map<String, JsonNode> env = new LinkedHashMap<>();
            example[0].path("containers").get(0).path("env").forEach(e -> env.put(e.path("name").asText(), e));
            fieldRefs.forEach((name, field) -> assertThat(env.get(name).path("valueFrom").path("fieldRef").path("fieldPath").asText())
                    .as(name).isEqualTo(field));
            assertThat(env.keySet()).allSatisfy(name -> assertThat(appenderReadme).as("log-appender/README.md documents " + name)
                    .contains("`" + name + "`"));
            String lokiUrl = env.get("FLINK_O11Y_LOKI_URL").path("value").asText();
            assertThat(lokiUrl).endsWith("/loki/api/v1/push");
            assertThat(ServiceUrls.resolves(Renderer.render(DEV), lokiUrl, "flink-jobs")).as(lokiUrl).isTrue();
        }
    }

    @Test
    void operatorExampleShipsTheLogAppendersLogbackConfiguration() throws IOException {
        String source = Files.readString(Repository.path("log-appender/conf/logback-console.xml"));
        // The build's copy-logback-config step wrote it; the test fails when that step did not run or copied something else.
        Path copy = Repository.path("kustomize/examples/flink-operator/logback-console.xml");
        assertThat(Files.readString(copy)).as(copy + " is a stale copy of log-appender/conf/logback-console.xml:"
                + " run mvn -pl testing/kustomize-tests process-test-resources and commit it").isEqualTo(source);
        JsonNode flink = Renderer.render(OPERATOR).find("FlinkDeployment", "state-machine").orElseThrow();
        assertThat(flink.path("spec").path("logConfiguration").path("logback-console.xml").asText()).isEqualTo(source);
    }

    @Test
    void dockerfileCopiesTheJarsTheModulesBuild() throws IOException {
        String dockerfile = Files.readString(Repository.path("kustomize/examples/flink-image/Dockerfile"));
        Matcher version = Pattern.compile("(?m)^ARG KIT_VERSION=(\\S+)$").matcher(dockerfile);
        assertThat(version.find()).isTrue();
        assertThat(projectVersion(Repository.path("pom.xml"))).isEqualTo(version.group(1));

        for (String[] module : List.of(new String[] {"exporter", "/opt/flink/plugins/flink-o11y-exporter/"},
                new String[] {"log-appender", "/opt/flink/lib/"})) {
            String artifactId = artifactId(Repository.path(module[0] + "/pom.xml"));
            assertThat(dockerfile).contains("COPY " + module[0] + "/target/" + artifactId + "-${KIT_VERSION}.jar " + module[1]);
        }
        Matcher copies = Pattern.compile("(?m)^COPY (\\S+) ").matcher(dockerfile);
        while (copies.find()) {
            String source = copies.group(1);
            if (!source.contains("/target/")) {
                assertThat(Repository.path(source)).as("COPY source").isRegularFile();
            }
        }
    }

    private static String flinkJobKeepRegex(String sourceLabel) {
        JsonNode config = Yaml.parse(Renderer.render(DEV).configMapGeneratedAs("prometheus-config")
                .path("data").path("prometheus.yml").asText());
        for (JsonNode job : config.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("flink")) {
                for (JsonNode rule : job.path("relabel_configs")) {
                    if ("keep".equals(rule.path("action").asText())
                            && rule.path("source_labels").get(0).asText().equals(sourceLabel)) {
                        return rule.path("regex").asText();
                    }
                }
            }
        }
        throw new AssertionError("no keep rule on " + sourceLabel + " in the flink scrape job");
    }

    private static String artifactId(Path pom) throws IOException {
        return firstOwnElement(Files.readString(pom), "artifactId");
    }

    private static String projectVersion(Path pom) throws IOException {
        return firstOwnElement(Files.readString(pom), "version");
    }

    /** The element directly under <project> (after the parent block, if any). */
    private static String firstOwnElement(String pom, String element) {
        String body = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no <" + element + "> in pom");
        }
        return m.group(1);
    }
}
