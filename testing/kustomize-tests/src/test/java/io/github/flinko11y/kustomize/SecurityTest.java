package io.github.flinko11y.kustomize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.flinko11y.kustomize.render.Manifest;
import io.github.flinko11y.kustomize.render.Renderer;
import io.github.flinko11y.kustomize.render.Repository;
import io.github.flinko11y.kustomize.render.Target;
import io.github.flinko11y.kustomize.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The security rules of kustomize/README.md, on what users apply. */
class SecurityTest {

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyPodRunsRestricted(Target target) {
        List<String> violations = new ArrayList<>();
        for (Manifest.PodTemplate pod : Renderer.render(target).podTemplates()) {
            violations.addAll(restrictedViolations(pod.owner(), pod.spec()));
        }
        assertThat(violations).as(target.name()).isEmpty();
    }

    @Test
    void aPodWithoutTheRulesIsReported() {
        JsonNode spec = Yaml.parse("""
                securityContext: {runAsUser: 0}
                containers:
                  - name: app
                    securityContext: {allowPrivilegeEscalation: true, capabilities: {add: [NET_ADMIN]}}
                """);

        assertThat(restrictedViolations("Pod/bad", spec)).containsExactlyInAnyOrder(
                "Pod/bad: securityContext.runAsNonRoot is not true",
                "Pod/bad: securityContext.seccompProfile.type is not RuntimeDefault",
                "Pod/bad container app: readOnlyRootFilesystem is not true",
                "Pod/bad container app: allowPrivilegeEscalation is not false",
                "Pod/bad container app: capabilities.drop lacks ALL",
                "Pod/bad container app: adds capabilities or runs privileged",
                "Pod/bad: runs as root");
    }

    @Test
    void nativeKubernetesPodTemplateRunsRestricted() throws IOException {
        JsonNode pod = Yaml.readOne(Repository.path("kustomize/examples/native-kubernetes/pod-template.yaml"));

        assertThat(restrictedViolations("pod-template.yaml", pod.path("spec"))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyContainerHasRequestsAndLimits(Target target) {
        List<String> missing = new ArrayList<>();
        Manifest manifest = Renderer.render(target);
        for (Manifest.PodTemplate pod : manifest.podTemplates()) {
            if (pod.owner().startsWith("FlinkDeployment/")) {
                continue; // Flink sets them from the resource sections, checked below.
            }
            for (JsonNode container : containers(pod.spec())) {
                for (String kind : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        if (container.path("resources").path(kind).path(resource).asText().isEmpty()) {
                            missing.add(pod.owner() + " " + container.path("name").asText() + " " + kind + "." + resource);
                        }
                    }
                }
            }
        }
        for (JsonNode flink : manifest.ofKind("FlinkDeployment")) {
            for (String component : List.of("jobManager", "taskManager")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (flink.path("spec").path(component).path("resource").path(resource).isMissingNode()) {
                        missing.add(Manifest.id(flink) + " " + component + ".resource." + resource);
                    }
                }
            }
        }
        assertThat(missing).as(target.name()).isEmpty();
    }

    @Test
    void nativeKubernetesConfigSetsFlinkCpuAndMemory() throws IOException {
        JsonNode config = Yaml.readOne(Repository.path("kustomize/examples/native-kubernetes/config.yaml"));

        // Flink turns these into the requests and limits of the JobManager and TaskManager containers.
        assertThat(config.path("jobmanager.memory.process.size").asText()).isNotEmpty();
        assertThat(config.path("taskmanager.memory.process.size").asText()).isNotEmpty();
        assertThat(config.path("kubernetes.jobmanager.cpu.amount").asDouble()).isPositive();
        assertThat(config.path("kubernetes.taskmanager.cpu.amount").asDouble()).isPositive();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void everyImageIsPinned(Target target) {
        List<String> images = new ArrayList<>();
        Manifest manifest = Renderer.render(target);
        manifest.podTemplates().forEach(p -> containers(p.spec()).forEach(c -> {
            if (c.has("image")) {
                images.add(c.path("image").asText());
            }
        }));
        manifest.ofKind("FlinkDeployment").forEach(f -> images.add(f.path("spec").path("image").asText()));

        assertThat(images).allSatisfy(image -> assertThat(image).as("image").matches("[^:]+:v?[0-9][A-Za-z0-9._-]*"));
    }

    @Test
    void dockerfileStartsFromAPinnedFlinkImage() throws IOException {
        String dockerfile = Files.readString(Repository.path("kustomize/examples/flink-image/Dockerfile"));

        assertThat(dockerfile).containsPattern("(?m)^ARG FLINK_IMAGE=flink:\\d+\\.\\d+\\.\\d+-java\\d+$");
        assertThat(dockerfile).containsPattern("(?m)^FROM \\$\\{FLINK_IMAGE}$");
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#ALL")
    void noCredentialsInTheRepository(Target target) {
        // Secrets are the user's (kustomize/README.md): the kit renders none.
        assertThat(Renderer.render(target).ofKind("Secret")).as(target.name()).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void prometheusMayOnlyDiscoverTargetsAndReadTheKubeletsMetrics(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode role = manifest.find("ClusterRole", "flink-o11y-prometheus").orElseThrow();

        // list/watch for service discovery; get on nodes/metrics for the kubelet's /metrics/cadvisor,
        // never nodes/proxy (which would also reach the kubelet's exec and log endpoints).
        assertThat(rules(role)).containsExactlyInAnyOrder(
                "list,watch on pods", "list,watch on endpoints", "list,watch on services", "list,watch on nodes",
                "get on nodes/metrics");
        assertThat(manifest.ofKind("ClusterRole")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("flink-o11y-prometheus", "flink-o11y-kube-state-metrics");
        assertThat(manifest.ofKind("Role")).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void kubeStateMetricsMayOnlyListAndWatchPodsAndIsStartedForPodsOnly(Target target) {
        Manifest manifest = Renderer.render(target);
        JsonNode role = manifest.find("ClusterRole", "flink-o11y-kube-state-metrics").orElseThrow();
        JsonNode deployment = manifest.find("Deployment", "kube-state-metrics").orElseThrow();
        List<String> args = strings(deployment.path("spec").path("template").path("spec").path("containers").get(0).path("args"));

        assertThat(rules(role)).containsExactly("list,watch on pods");
        // Without --resources it would also try every other kind and log the RBAC refusals.
        assertThat(args).contains("--resources=pods", "--metric-labels-allowlist=pods=[app,component,type]");
    }

    @Test
    void aClusterRoleWithMoreIsReported() {
        JsonNode role = Yaml.parse("""
                rules:
                  - apiGroups: [""]
                    resources: [pods, nodes/proxy]
                    verbs: [get, list, watch]
                """);

        assertThat(rules(role)).containsExactlyInAnyOrder("get,list,watch on pods", "get,list,watch on nodes/proxy");
    }

    /** "verbs on resource" per resource of every rule, core API group only (anything else is reported as is). */
    private static List<String> rules(JsonNode role) {
        List<String> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            String group = strings(rule.path("apiGroups")).equals(List.of("")) ? "" : rule.path("apiGroups") + " ";
            List<String> verbs = new ArrayList<>(strings(rule.path("verbs")));
            java.util.Collections.sort(verbs);
            for (String resource : strings(rule.path("resources"))) {
                rules.add(String.join(",", verbs) + " on " + group + resource);
            }
        }
        return rules;
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void everyStackDeniesIngressByDefault(Target target) {
        Manifest stack = Renderer.render(target);
        JsonNode deny = stack.find("NetworkPolicy", "default-deny-ingress").orElseThrow();

        assertThat(deny.path("spec").path("podSelector").size()).isZero();
        assertThat(strings(deny.path("spec").path("policyTypes"))).containsExactly("Ingress");
        assertThat(deny.path("spec").path("ingress").isMissingNode()).isTrue();
        // Every pod of the stack has its own policy on top of the default deny.
        for (Manifest.PodTemplate pod : stack.podTemplates()) {
            assertThat(stack.ofKind("NetworkPolicy").stream()
                    .filter(p -> !Manifest.name(p).equals("default-deny-ingress"))
                    .anyMatch(p -> io.github.flinko11y.kustomize.render.Selectors.matches(p.path("spec").path("podSelector"), pod.labels())))
                    .as(pod.owner() + " has a NetworkPolicy").isTrue();
        }
    }

    @ParameterizedTest
    @FieldSource("io.github.flinko11y.kustomize.render.Target#STACKS")
    void lokisPushPortAdmitsOnlyFlinkPodsAndItsQueryPortOnlyGrafana(Target target) {
        Manifest stack = Renderer.render(target);
        JsonNode gateway = stack.find("NetworkPolicy", "loki-gateway").orElseThrow().path("spec").path("ingress");

        assertThat(peersByPort(gateway)).containsExactly(
                "http <- {\"app.kubernetes.io/name\":\"grafana\"}",
                "push <- any-namespace:type In [flink-native-kubernetes, flink-standalone-kubernetes]");
        // Loki itself only behind its gateway (and scraped by Prometheus).
        JsonNode loki = stack.find("NetworkPolicy", "loki").orElseThrow().path("spec").path("ingress");
        assertThat(peersByPort(loki)).containsExactly(
                "http <- {\"app.kubernetes.io/name\":\"loki-gateway\"}",
                "http <- {\"app.kubernetes.io/name\":\"prometheus\"}");
    }

    /** "port <- peer" for every port and peer of the rules; an empty namespaceSelector is any namespace. */
    private static Set<String> peersByPort(JsonNode rules) {
        Set<String> peers = new TreeSet<>();
        for (JsonNode rule : rules) {
            for (JsonNode port : rule.path("ports")) {
                for (JsonNode from : rule.path("from")) {
                    assertThat(from.path("namespaceSelector").size()).as("namespaceSelector").isZero();
                    peers.add(port.path("port").asText() + " <- " + (from.has("namespaceSelector") ? "any-namespace:" : "")
                            + describe(from.path("podSelector")));
                }
            }
        }
        return peers;
    }

    /** matchLabels as JSON, or "key In [a, b]" for each expression. */
    private static String describe(JsonNode selector) {
        if (!selector.has("matchExpressions")) {
            return selector.path("matchLabels").toString();
        }
        List<String> parts = new ArrayList<>();
        selector.path("matchExpressions").forEach(e -> parts.add(
                e.path("key").asText() + " " + e.path("operator").asText() + " " + strings(e.path("values"))));
        return (selector.has("matchLabels") ? selector.path("matchLabels") + " " : "") + String.join(", ", parts);
    }

    @Test
    void stackNamespaceEnforcesTheRestrictedPodSecurityStandard() {
        JsonNode namespace = Renderer.render(Target.directory("kustomize/overlays/dev")).find("Namespace", "flink-o11y").orElseThrow();

        assertThat(namespace.path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
    }

    @Test
    void flinkMetricsPortIsOpenOnlyToPrometheus() {
        JsonNode prometheus = Renderer.render(Target.directory("kustomize/overlays/dev")).find("StatefulSet", "prometheus").orElseThrow();
        String prometheusNamespace = prometheus.path("metadata").path("namespace").asText();
        String prometheusName = prometheus.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name").asText();
        for (String example : List.of("kustomize/examples/flink-operator", "kustomize/examples/native-kubernetes")) {
            JsonNode policy = Renderer.render(Target.directory(example))
                    .find("NetworkPolicy", "flink-metrics-from-prometheus").orElseThrow();
            List<JsonNode> admitting = new ArrayList<>();
            policy.path("spec").path("ingress").forEach(rule -> {
                if (admitsPort(rule, 9249)) {
                    admitting.add(rule);
                }
            });

            assertThat(admitting).as(example).hasSize(1);
            JsonNode from = admitting.get(0).path("from");
            assertThat(from).hasSize(1);
            assertThat(from.get(0).path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText())
                    .isEqualTo(prometheusNamespace);
            assertThat(from.get(0).path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                    .isEqualTo(prometheusName);
            // The other ports stay as they were: Flink's own traffic must not be cut.
            assertThat(admitsPort(policy.path("spec").path("ingress").get(1), 6123)).isTrue();
            assertThat(admitsPort(policy.path("spec").path("ingress").get(1), 8081)).isTrue();
        }
    }

    private static boolean admitsPort(JsonNode rule, int port) {
        if (!rule.has("ports")) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            int from = p.path("port").asInt();
            int to = p.path("endPort").asInt(from);
            if (port >= from && port <= to) {
                return true;
            }
        }
        return false;
    }

    static List<String> restrictedViolations(String owner, JsonNode spec) {
        List<String> violations = new ArrayList<>();
        JsonNode pod = spec.path("securityContext");
        if (!pod.path("runAsNonRoot").asBoolean()) {
            violations.add(owner + ": securityContext.runAsNonRoot is not true");
        }
        if (!"RuntimeDefault".equals(pod.path("seccompProfile").path("type").asText())) {
            violations.add(owner + ": securityContext.seccompProfile.type is not RuntimeDefault");
        }
        if (spec.path("hostNetwork").asBoolean() || spec.path("hostPID").asBoolean() || spec.path("hostIPC").asBoolean()) {
            violations.add(owner + ": uses a host namespace");
        }
        for (JsonNode container : containers(spec)) {
            String name = owner + " container " + container.path("name").asText();
            JsonNode sc = container.path("securityContext");
            if (!sc.path("readOnlyRootFilesystem").asBoolean()) {
                violations.add(name + ": readOnlyRootFilesystem is not true");
            }
            if (!sc.path("allowPrivilegeEscalation").isBoolean() || sc.path("allowPrivilegeEscalation").asBoolean()) {
                violations.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (!strings(sc.path("capabilities").path("drop")).contains("ALL")) {
                violations.add(name + ": capabilities.drop lacks ALL");
            }
            if (sc.path("capabilities").has("add") || sc.path("privileged").asBoolean()) {
                violations.add(name + ": adds capabilities or runs privileged");
            }
            if (sc.has("runAsUser") && sc.path("runAsUser").asInt() == 0) {
                violations.add(name + ": runs as root");
            }
        }
        if (pod.has("runAsUser") && pod.path("runAsUser").asInt() == 0) {
            violations.add(owner + ": runs as root");
        }
        return violations;
    }

    static List<JsonNode> containers(JsonNode spec) {
        List<JsonNode> containers = new ArrayList<>();
        spec.path("containers").forEach(containers::add);
        spec.path("initContainers").forEach(containers::add);
        return containers;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
