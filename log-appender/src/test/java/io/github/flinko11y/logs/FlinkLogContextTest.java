package io.github.flinko11y.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FlinkLogContextTest {

    @Test
    void kubernetesDownwardApiValuesBecomeLabelsAndMetadata() {
        Map<String, String> env = new HashMap<>();
        env.put("FLINK_O11Y_NAMESPACE", "streaming");
        env.put("FLINK_O11Y_CLUSTER_ID", "orders-enricher");
        env.put("FLINK_O11Y_COMPONENT", "taskmanager");
        env.put("FLINK_O11Y_APP", "orders");
        env.put("FLINK_O11Y_LOKI_LABELS", "team=data, env = prod ,cost-center=42");
        env.put("POD_NAME", "orders-enricher-taskmanager-1-2");
        env.put("NODE_NAME", "node-a");
        env.put("HOSTNAME", "orders-enricher-taskmanager-1-2");

        FlinkLogContext context = FlinkLogContext.from(env, new Properties(), () -> "unused");

        assertThat(context.labels()).containsExactly(
                entry("namespace", "streaming"),
                entry("flink_cluster", "orders-enricher"),
                entry("component", "taskmanager"),
                entry("app", "orders"),
                entry("team", "data"),
                entry("env", "prod"),
                entry("cost_center", "42"));
        assertThat(context.pod()).isEqualTo("orders-enricher-taskmanager-1-2");
        assertThat(context.node()).isEqualTo("node-a");
    }

    @Test
    void outsideKubernetesDefaultsComeFromTheProcessAndTheHost() {
        Properties system = new Properties();
        system.setProperty("sun.java.command", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");

        FlinkLogContext context = FlinkLogContext.from(Map.of(), system, () -> "laptop.local");

        assertThat(context.labels()).containsExactly(
                entry("namespace", "none"),
                entry("flink_cluster", "flink"),
                entry("component", "jobmanager"),
                entry("app", "flink"));
        assertThat(context.pod()).isEqualTo("laptop.local");
        assertThat(context.node()).isEqualTo("laptop.local");
    }

    @Test
    void podNamespaceIsTheFallbackNamespaceAndLogFileTheFallbackComponent() {
        Properties system = new Properties();
        system.setProperty("sun.java.command", "com.example.Launcher");
        system.setProperty("log.file", "/opt/flink/log/flink--taskexecutor-0-tm.log");

        FlinkLogContext context = FlinkLogContext.from(
                Map.of("POD_NAMESPACE", "team-a", "FLINK_O11Y_CLUSTER_ID", "c1"), system, () -> null);

        assertThat(context.labels()).containsExactly(
                entry("namespace", "team-a"), entry("flink_cluster", "c1"), entry("component", "taskmanager"), entry("app", "c1"));
        assertThat(context.pod()).isEqualTo("localhost");
    }

    @Test
    void extraLabelsCannotReplaceBuiltInOnes() {
        assertThatThrownBy(() -> FlinkLogContext.parseExtraLabels("flink_cluster=other"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FLINK_O11Y_LOKI_LABELS: label \"flink_cluster\" is set by flink-o11y itself");
    }

    @Test
    void extraLabelsWithoutValueAreRejectedNamingThePair() {
        assertThatThrownBy(() -> FlinkLogContext.parseExtraLabels("team=data,oops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FLINK_O11Y_LOKI_LABELS: \"oops\" is not name=value; write labels as name=value,name2=value2");
    }

    @Test
    void moreThanLokisLabelLimitIsRejected() {
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            spec.append("l").append(i).append("=v,");
        }
        assertThatThrownBy(() -> FlinkLogContext.parseExtraLabels(spec.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceed Loki's default limit of 15");
    }
}
