package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.flinktests.support.Exposition;
import io.github.flinko11y.flinktests.support.Exposition.Sample;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.testsupport.servers.PushgatewayServer;
import java.nio.file.Path;
import java.time.Duration;
import io.github.flinko11y.flinktests.support.Scrape;
import io.github.flinko11y.testsupport.Await;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flink itself drives the push reporter: both factories come from the one plugin jar, Flink calls
 * {@code report()} at the configured interval, and the series reach a real Pushgateway with the
 * grouping key. The pull endpoint runs in the same JVM, so the JVM statistics are shared by two
 * reporters, and closing the cluster deletes the pushed group.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PushGatewayReporterTest {

    @Test
    void flinkPushesTheSameSeriesToAPushgatewayAndDeletesThemOnShutdown(@TempDir Path dir) throws Exception {
        try (PushgatewayServer gateway = PushgatewayServer.start(dir)) {
            int port = FreePorts.one();
            Configuration config = Configuration.fromMap(Map.of(
                    "metrics.reporter.prom.factory.class", ExporterPlugin.FACTORY_CLASS,
                    "metrics.reporter.prom.port", String.valueOf(port),
                    "metrics.reporter.push.factory.class",
                    "io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory",
                    "metrics.reporter.push.hostUrl", gateway.url(),
                    "metrics.reporter.push.jobName", "flink-it",
                    "metrics.reporter.push.randomJobNameSuffix", "false",
                    "metrics.reporter.push.groupingKey", "cluster=it;namespace=tests",
                    "metrics.reporter.push.interval", "1 SECONDS"));
            MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(config)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(1)
                    .withRandomPorts()
                    .setPluginManager(ExporterPlugin.pluginManager())
                    .build());
            try {
                cluster.start();
                Exposition pushed = awaitPushed(gateway);

                Map<String, String> group = Map.of("job", "flink-it", "cluster", "it", "namespace", "tests");
                assertThat(single(pushed, "flink_jobmanager_numRegisteredTaskManagers", group).value()).isEqualTo(1.0);
                assertThat(pushed.samples("flink_taskmanager_Status_JVM_Memory_Heap_Used", group)).hasSize(1);
                assertThat(pushed.samples("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty()
                        .allSatisfy(s -> assertThat(s.labels()).containsAllEntriesOf(group)
                                .containsEntry("component", "jobmanager,taskmanager"));
                assertThat(single(pushed, "flinko11y_exporter_push_failures_total", group).value()).isZero();

                // the pull endpoint of the same JVM serves the same Flink families
                Exposition pulled = Scrape.metrics(port);
                assertThat(pulled.samples("flink_jobmanager_numRegisteredTaskManagers")).hasSize(1);
                assertThat(pulled.samples("jvm_memory_used_bytes", Map.of("area", "heap"))).isNotEmpty();
            } finally {
                cluster.closeAsync().get(60, TimeUnit.SECONDS);
            }
            assertThat(gateway.get("/metrics")).as("the group is deleted on shutdown")
                    .doesNotContain("job=\"flink-it\"");
        }
    }

    private static Exposition awaitPushed(PushgatewayServer gateway) {
        // the first push may happen before the TaskManager has registered with the JobManager
        return Await.atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(250)).until(
                "Flink's pushed metrics with a registered TaskManager",
                () -> Exposition.parse(gateway.get("/metrics")), pushed -> {
                    List<Sample> taskManagers = pushed.samples("flink_jobmanager_numRegisteredTaskManagers");
                    return taskManagers.size() == 1 && taskManagers.get(0).value() == 1.0
                            && !pushed.samples("flink_taskmanager_Status_JVM_Memory_Heap_Used").isEmpty();
                });
    }

    private static Sample single(Exposition exposition, String name, Map<String, String> labels) {
        List<Sample> samples = exposition.samples(name, labels);
        assertThat(samples).as("%s%s", name, labels).hasSize(1);
        return samples.get(0);
    }
}
