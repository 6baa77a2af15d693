package io.github.flinko11y.exporter.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinko11y.catalog.Catalog;
import io.github.flinko11y.catalog.Metric;
import io.github.flinko11y.exporter.PrometheusExporter;
import io.github.flinko11y.exporter.testing.Http;
import io.github.flinko11y.exporter.testing.TestExporters;
import io.prometheus.client.Collector.MetricFamilySamples;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Loki appender's counters, read over JMX from the MBean the log appender registers (same
 * object name and attributes as its {@code DeliveryCountersMBean}), under the catalog's names.
 */
class LogAppenderCountersTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();
    private PrometheusExporter exporter;

    /** The attributes the exporter reads, as the log appender's MBean exposes them. */
    public interface AppenderCountersMBean {
        long getLinesSent();

        long getLinesDropped();

        long getSendErrors();
    }

    private void registerAppender(String name, long sent, long dropped, long sendErrors) throws Exception {
        AppenderCountersMBean counters = new AppenderCountersMBean() {
            @Override
            public long getLinesSent() {
                return sent;
            }

            @Override
            public long getLinesDropped() {
                return dropped;
            }

            @Override
            public long getSendErrors() {
                return sendErrors;
            }
        };
        ObjectName objectName = new ObjectName("io.github.flinko11y:type=LokiAppender,name=" + ObjectName.quote(name));
        JMX.registerMBean(new StandardMBean(counters, AppenderCountersMBean.class), objectName);
        registered.add(objectName);
    }

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : registered) {
            if (JMX.isRegistered(name)) {
                JMX.unregisterMBean(name);
            }
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private static Map<String, Double> values(List<MetricFamilySamples> families) {
        Map<String, Double> values = new TreeMap<>();
        families.forEach(f -> f.samples.forEach(s -> values.put(s.name, s.value)));
        return values;
    }

    @Test
    void nothingIsServedWithoutTheLogAppender() {
        assertThat(new LogAppenderCounters(null).collect(new ScrapeFigures(0, 0))).isEmpty();
    }

    @Test
    void theAppendersCountersAreServedAsCounters() throws Exception {
        registerAppender("loki", 1234, 56, 7);

        List<MetricFamilySamples> families = new LogAppenderCounters(null).collect(new ScrapeFigures(0, 0));

        assertThat(values(families)).containsExactly(
                Map.entry("flinko11y_log_appender_lines_dropped_total", 56.0),
                Map.entry("flinko11y_log_appender_lines_sent_total", 1234.0),
                Map.entry("flinko11y_log_appender_send_errors_total", 7.0));
        assertThat(families).allSatisfy(f -> assertThat(f.type.name()).isEqualTo("COUNTER"));
    }

    @Test
    void twoAppendersInOneJvmAreSummed() throws Exception {
        registerAppender("loki", 100, 1, 0);
        registerAppender("loki-audit", 20, 2, 1);

        assertThat(values(new LogAppenderCounters(null).collect(new ScrapeFigures(0, 0)))).containsExactly(
                Map.entry("flinko11y_log_appender_lines_dropped_total", 3.0),
                Map.entry("flinko11y_log_appender_lines_sent_total", 120.0),
                Map.entry("flinko11y_log_appender_send_errors_total", 1.0));
    }

    @Test
    void aScrapeCarriesTheCountersOnlyWhileTheAppenderIsRegistered() throws Exception {
        exporter = TestExporters.start("jvmStats.enabled", "false");
        assertThat(Http.get(exporter.port(), "/metrics", false).body).doesNotContain("flinko11y_log_appender_");

        registerAppender("loki", 42, 0, 0);
        String body = Http.get(exporter.port(), "/metrics", false).body;

        assertThat(body).contains("# TYPE flinko11y_log_appender_lines_sent_total counter\n")
                .contains("\nflinko11y_log_appender_lines_sent_total 42.0\n")
                .contains("\nflinko11y_log_appender_lines_dropped_total 0.0\n");
    }

    @Test
    void namesTypesAndHelpAreTheCatalogs() throws Exception {
        registerAppender("loki", 0, 0, 0);
        List<String> expected = new ArrayList<>();
        for (Metric metric : Catalog.load(Path.of("..", "catalog")).metrics()) {
            if ("log-appender".equals(metric.source())) {
                expected.add(metric.name() + " " + metric.type() + " " + metric.help());
            }
        }

        List<String> served = new LogAppenderCounters(null).collect(new ScrapeFigures(0, 0)).stream()
                .map(f -> f.samples.get(0).name + " " + f.type.name().toLowerCase(Locale.ROOT) + " " + f.help)
                .collect(Collectors.toList());

        assertThat(expected).hasSize(3);
        assertThat(served).containsExactlyInAnyOrderElementsOf(expected);
    }
}
