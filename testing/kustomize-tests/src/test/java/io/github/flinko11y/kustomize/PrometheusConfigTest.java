package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Labels;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import io.github.flinko11y.testsupport.process.CommandLineTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The rendered Prometheus configuration and its rule files, as the pod sees them, through the real
 * promtool. Debian's Prometheus 2.42 is built without Kubernetes service discovery (its promtool rejects
 * kubernetes_sd_configs as an unknown field), so those blocks are checked here against Prometheus'
 * kubernetes_sd_config fields and replaced by static_configs before promtool checks the rest.
 */
class PrometheusConfigTest {

    private static final Set<String> KUBERNETES_SD_FIELDS = Set.of(
            "role", "namespaces", "selectors", "api_server", "kubeconfig_file", "attach_metadata", "basic_auth",
            "authorization", "oauth2", "tls_config", "proxy_url", "follow_redirects", "enable_http2");
    static final String SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    private static final Set<String> ROLES = Set.of("node", "service", "pod", "endpoints", "endpointslice", "ingress");

    @ParameterizedTest
    @FieldSource({"io.github.flinko11y.kustomize.render.Target#STACKS", "io.github.flinko11y.kustomize.render.Target#REMOTE_WRITE"})
    void renderedConfigAndRulesPassPromtool(Target target, @TempDir Path dir) throws IOException {
        Manifest manifest = Renderer.render(target);
        JsonNode prometheus = manifest.find("StatefulSet", "prometheus").orElseThrow();
        ObjectNode config = (ObjectNode) Yaml.parse(
                manifest.configMapGeneratedAs("prometheus-config").path("data").path("prometheus.yml").asText());
        JsonNode rules = manifest.configMapGeneratedAs("prometheus-rules").path("data");

        assertThat(args(prometheus)).contains("--config.file=" + CrossReferenceTest.mountPathOf(prometheus, "config") + "/prometheus.yml");
        String rulesMount = CrossReferenceTest.mountPathOf(prometheus, "rules");
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
        assertThat(ruleFiles).as("rule_files read the mounted rules ConfigMap").containsExactly(rulesMount + "/*.yaml");

        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        int ruleCount = 0;
        for (Map.Entry<String, JsonNode> file : (Iterable<Map.Entry<String, JsonNode>>) rules::fields) {
            Files.writeString(rulesDir.resolve(file.getKey()), file.getValue().asText());
            for (JsonNode group : Yaml.parse(file.getValue().asText()).path("groups")) {
                ruleCount += group.path("rules").size();
            }
        }
        config.putArray("rule_files").add(rulesDir + "/*.yaml");
        List<JsonNode> discovery = replaceKubernetesDiscovery(config);
        Set<String> podFiles = replacePodFiles(config, dir);
        Files.writeString(dir.resolve("prometheus.yml"), Yaml.write(config));

        CommandLineTool.Result promtool = CommandLineTool.run(dir, "promtool", "check", "config", "prometheus.yml");

        assertThat(promtool.exitCode()).as(promtool.output()).isZero();
        assertThat(promtool.output()).contains("SUCCESS: 1 rule files found").contains("SUCCESS: " + ruleCount + " rules found");
        assertThat(ruleCount).isPositive();
        // flink, alertmanager, loki, kube-state-metrics, kubelet and flink-kubernetes-operator, plus alerting.
        assertThat(discovery).hasSize(7);
        // The kubelet job authenticates with the token Kubernetes mounts into every pod of a service account.
        assertThat(podFiles).containsExactly(SERVICE_ACCOUNT_TOKEN);
        assertThat(prometheus.path("spec").path("template").path("spec").path("automountServiceAccountToken").asBoolean(true)).isTrue();
        for (JsonNode sd : discovery) {
            assertThat(fieldNames(sd)).as("kubernetes_sd_config fields").isSubsetOf(KUBERNETES_SD_FIELDS);
            assertThat(ROLES).contains(sd.path("role").asText());
            assertThat(fieldNames(sd.path("namespaces"))).isSubsetOf(Set.of("own_namespace", "names"));
        }
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void flinkJobDiscoversPodsAndSetsTheCatalogsJobNameAndTargetLabels(Target target) throws IOException {
        Labels labels = Catalog.load(Repository.path("catalog")).labels();
        JsonNode config = Yaml.parse(Renderer.render(target).configMapGeneratedAs("prometheus-config")
                .path("data").path("prometheus.yml").asText());
        JsonNode job = null;
        for (JsonNode scrape : config.path("scrape_configs")) {
            if (scrape.path("job_name").asText().equals(labels.scrapeJob())) {
                job = scrape;
            }
        }

        assertThat(job).as("scrape job " + labels.scrapeJob()).isNotNull();
        assertThat(job.path("kubernetes_sd_configs").get(0).path("role").asText()).isEqualTo("pod");
        Set<String> targetLabels = new TreeSet<>();
        job.path("relabel_configs").forEach(r -> {
            if (r.has("target_label")) {
                targetLabels.add(r.path("target_label").asText());
            }
        });
        assertThat(targetLabels).isEqualTo(new TreeSet<>(labels.targets()));
    }

    /**
     * Points every credentials_file of a scrape job at a file under {@code dir} (promtool checks that
     * the file exists; the service account token exists only in the pod) and returns the original paths.
     */
    private static Set<String> replacePodFiles(ObjectNode config, Path dir) throws IOException {
        Set<String> paths = new TreeSet<>();
        Path stand = Files.writeString(dir.resolve("token"), "a token");
        for (JsonNode scrape : config.path("scrape_configs")) {
            JsonNode authorization = scrape.path("authorization");
            if (authorization.has("credentials_file")) {
                paths.add(authorization.path("credentials_file").asText());
                ((ObjectNode) authorization).put("credentials_file", stand.toString());
            }
        }
        return paths;
    }

    /** Replaces every kubernetes_sd_configs by an empty static_configs and returns the blocks. */
    private static List<JsonNode> replaceKubernetesDiscovery(ObjectNode config) {
        List<JsonNode> blocks = new ArrayList<>();
        List<JsonNode> owners = new ArrayList<>();
        config.path("scrape_configs").forEach(owners::add);
        config.path("alerting").path("alertmanagers").forEach(owners::add);
        for (JsonNode owner : owners) {
            if (owner.has("kubernetes_sd_configs")) {
                owner.path("kubernetes_sd_configs").forEach(blocks::add);
                ((ObjectNode) owner).remove("kubernetes_sd_configs");
                ((ObjectNode) owner).putArray("static_configs").addObject().putArray("targets");
            }
        }
        return blocks;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> args(JsonNode workload) {
        List<String> args = new ArrayList<>();
        workload.path("spec").path("template").path("spec").path("containers").get(0).path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
