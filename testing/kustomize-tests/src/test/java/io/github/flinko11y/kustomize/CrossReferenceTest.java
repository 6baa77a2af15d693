package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Selectors;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Names that point at other objects resolve within what users apply, or are documented as theirs. */
class CrossReferenceTest {

    /** Secrets the user creates (kustomize/README.md, checked by ReadmeTest). */
    static final Set<String> USER_PROVIDED_SECRETS = Set.of("grafana-admin", "alertmanager-receivers", "prometheus-remote-write");
    /** The flink-kubernetes-operator's Helm chart creates this ServiceAccount in the namespaces it watches. */
    static final Set<String> OPERATOR_SERVICE_ACCOUNTS = Set.of("flink");

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void servicesSelectPodsAndPointAtTheirPorts(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (JsonNode service : manifest.ofKind("Service")) {
            String namespace = service.path("metadata").path("namespace").asText();
            List<Manifest.PodTemplate> pods = Selectors.selected(manifest, namespace, service.path("spec").path("selector"));
            if (pods.isEmpty()) {
                broken.add(Manifest.id(service) + " selects no pod");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode targetPort = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                pods.stream().filter(p -> !Selectors.hasPort(p.spec(), targetPort))
                        .forEach(p -> broken.add(Manifest.id(service) + " port " + targetPort + " is not a port of " + p.owner()));
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void workloadsSelectTheirOwnPodsAndStatefulSetsHaveTheirService(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (String kind : List.of("Deployment", "StatefulSet")) {
            for (JsonNode workload : manifest.ofKind(kind)) {
                if (!Selectors.matches(workload.path("spec").path("selector"),
                        workload.path("spec").path("template").path("metadata").path("labels"))) {
                    broken.add(Manifest.id(workload) + " selector does not match its pod template");
                }
                if (kind.equals("StatefulSet")
                        && manifest.find("Service", workload.path("spec").path("serviceName").asText()).isEmpty()) {
                    broken.add(Manifest.id(workload) + " serviceName has no Service");
                }
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void podsReferToExistingConfigMapsSecretsClaimsServiceAccountsAndVolumes(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        // Claim templates of StatefulSets are volumes of their pods too.
        Map<String, Set<String>> claimTemplates = new java.util.HashMap<>();
        for (JsonNode statefulSet : manifest.ofKind("StatefulSet")) {
            Set<String> names = new HashSet<>();
            statefulSet.path("spec").path("volumeClaimTemplates").forEach(t -> names.add(t.path("metadata").path("name").asText()));
            claimTemplates.put(Manifest.id(statefulSet), names);
        }
        for (Manifest.PodTemplate pod : manifest.podTemplates()) {
            Set<String> volumes = new HashSet<>(claimTemplates.getOrDefault(pod.owner(), Set.of()));
            for (JsonNode volume : pod.spec().path("volumes")) {
                volumes.add(volume.path("name").asText());
                List<JsonNode> configMaps = new ArrayList<>();
                if (volume.has("configMap")) {
                    configMaps.add(volume.path("configMap"));
                }
                volume.path("projected").path("sources").forEach(s -> {
                    if (s.has("configMap")) {
                        configMaps.add(s.path("configMap"));
                    }
                });
                configMaps.stream().map(c -> c.path("name").asText())
                        .filter(name -> manifest.find("ConfigMap", name).isEmpty())
                        .forEach(name -> broken.add(pod.owner() + " mounts missing ConfigMap " + name));
                String secret = volume.path("secret").path("secretName").asText(null);
                if (secret != null && manifest.find("Secret", secret).isEmpty() && !USER_PROVIDED_SECRETS.contains(secret)) {
                    broken.add(pod.owner() + " mounts Secret " + secret + ", neither rendered nor documented as user-provided");
                }
                String claim = volume.path("persistentVolumeClaim").path("claimName").asText(null);
                if (claim != null && manifest.find("PersistentVolumeClaim", claim).isEmpty()) {
                    broken.add(pod.owner() + " mounts missing PersistentVolumeClaim " + claim);
                }
            }
            for (JsonNode container : SecurityTest.containers(pod.spec())) {
                container.path("volumeMounts").forEach(m -> {
                    if (!volumes.contains(m.path("name").asText())) {
                        broken.add(pod.owner() + " mounts undefined volume " + m.path("name").asText());
                    }
                });
                // A probe checks its own container: a port of another container of the pod says nothing about it.
                JsonNode ownPorts = Yaml.parse("containers: [{ports: " + container.path("ports") + "}]");
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    for (String handler : List.of("httpGet", "tcpSocket", "grpc")) {
                        JsonNode port = container.path(probe).path(handler).path("port");
                        if (!port.isMissingNode() && !Selectors.hasPort(ownPorts, port)) {
                            broken.add(pod.owner() + " " + container.path("name").asText() + " " + probe
                                    + " uses port " + port + ", not one of its container's");
                        }
                    }
                }
            }
            String account = pod.spec().path("serviceAccountName").asText(null);
            if (pod.owner().startsWith("FlinkDeployment/")) {
                JsonNode flink = manifest.find("FlinkDeployment", pod.owner().substring("FlinkDeployment/".length())).orElseThrow();
                account = flink.path("spec").path("serviceAccount").asText(null);
            }
            if (account != null && manifest.find("ServiceAccount", account).isEmpty()
                    && !(pod.owner().startsWith("FlinkDeployment/") && OPERATOR_SERVICE_ACCOUNTS.contains(account))) {
                broken.add(pod.owner() + " runs as missing ServiceAccount " + account);
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void roleBindingsReferToExistingRolesAndServiceAccounts(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            for (JsonNode binding : manifest.ofKind(kind)) {
                JsonNode ref = binding.path("roleRef");
                if (manifest.find(ref.path("kind").asText(), ref.path("name").asText()).isEmpty()) {
                    broken.add(Manifest.id(binding) + " refers to missing " + ref.path("kind").asText() + " " + ref.path("name").asText());
                }
                for (JsonNode subject : binding.path("subjects")) {
                    String namespace = subject.path("namespace").asText(binding.path("metadata").path("namespace").asText());
                    boolean found = manifest.ofKind("ServiceAccount").stream().anyMatch(sa ->
                            Manifest.name(sa).equals(subject.path("name").asText())
                                    && sa.path("metadata").path("namespace").asText().equals(namespace));
                    if (!found) {
                        broken.add(Manifest.id(binding) + " binds missing ServiceAccount " + namespace + "/" + subject.path("name").asText());
                    }
                }
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void networkPoliciesSelectPodsAndNamePortsTheyHave(Target target) {
        Manifest manifest = Renderer.render(target);
        List<String> broken = new ArrayList<>();
        for (JsonNode policy : manifest.ofKind("NetworkPolicy")) {
            JsonNode selector = policy.path("spec").path("podSelector");
            if (selector.size() == 0 || selectsFlinkPods(selector)) {
                continue; // Everything, or Flink's pods: those are created by Flink (see FlinkPodSelectionTest).
            }
            List<Manifest.PodTemplate> pods = Selectors.selected(manifest, policy.path("metadata").path("namespace").asText(), selector);
            if (pods.isEmpty()) {
                broken.add(Manifest.id(policy) + " selects no pod");
            }
            for (JsonNode rule : policy.path("spec").path("ingress")) {
                for (JsonNode port : rule.path("ports")) {
                    pods.stream().filter(p -> !Selectors.hasPort(p.spec(), port.path("port")))
                            .forEach(p -> broken.add(Manifest.id(policy) + " port " + port.path("port") + " is not a port of " + p.owner()));
                }
                for (JsonNode peer : rule.path("from")) {
                    if (!peer.has("namespaceSelector") && peer.has("podSelector")
                            && Selectors.selected(manifest, policy.path("metadata").path("namespace").asText(), peer.path("podSelector")).isEmpty()) {
                        broken.add(Manifest.id(policy) + " admits pods that do not exist: " + peer.path("podSelector"));
                    }
                }
            }
        }
        assertThat(broken).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void grafanaMountsEveryDashboardConfigMapAndItsDatasourcesPointAtServices(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode grafana = manifest.find("Deployment", "grafana").orElseThrow();
        Set<String> projected = new HashSet<>();
        grafana.path("spec").path("template").path("spec").path("volumes").forEach(v ->
                v.path("projected").path("sources").forEach(s -> projected.add(s.path("configMap").path("name").asText())));
        Set<String> dashboards = new HashSet<>();
        manifest.ofKind("ConfigMap").stream().map(Manifest::name).filter(n -> n.startsWith("grafana-dashboard-")).forEach(dashboards::add);

        assertThat(dashboards).isNotEmpty();
        assertThat(projected).as("dashboard ConfigMaps projected into Grafana").isEqualTo(dashboards);

        JsonNode datasources = io.github.flinko11y.kustomize.render.Yaml.parse(
                manifest.configMapGeneratedAs("grafana-datasources").path("data").path("datasources.yaml").asText());
        Map<String, String> urls = new java.util.TreeMap<>();
        datasources.path("datasources").forEach(d -> urls.put(d.path("uid").asText(), d.path("url").asText()));
        assertThat(urls).containsOnlyKeys("prometheus", "loki");
        urls.values().forEach(url -> assertThat(ServiceUrls.resolves(manifest, url, "flink-o11y")).as(url).isTrue());

        JsonNode providers = io.github.flinko11y.kustomize.render.Yaml.parse(
                manifest.configMapGeneratedAs("grafana-providers").path("data").path("dashboards.yaml").asText());
        String providerPath = providers.path("providers").get(0).path("options").path("path").asText();
        assertThat(mountPathOf(grafana, "dashboards")).isEqualTo(providerPath);
    }

    /** Flink's pods are told apart by their "type" label (FlinkPods). */
    private static boolean selectsFlinkPods(JsonNode selector) {
        boolean byExpression = false;
        for (JsonNode expression : selector.path("matchExpressions")) {
            byExpression |= expression.path("key").asText().equals("type");
        }
        return selector.path("matchLabels").has("type") || byExpression;
    }

    static String mountPathOf(JsonNode workload, String volume) {
        for (JsonNode c : workload.path("spec").path("template").path("spec").path("containers")) {
            for (JsonNode m : c.path("volumeMounts")) {
                if (m.path("name").asText().equals(volume)) {
                    return m.path("mountPath").asText();
                }
            }
        }
        throw new AssertionError(Manifest.id(workload) + " does not mount " + volume);
    }
}
