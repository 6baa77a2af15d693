package io.github.flinko11y.exporter.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.exporter.PrometheusExporterFactory;
import io.github.flinko11y.exporter.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.apache.flink.metrics.reporter.Scheduled;
import org.junit.jupiter.api.Test;

class PrometheusPushGatewayExporterFactoryTest {

    @Test
    void serviceLoaderFindsBothFactories() {
        List<String> factories = new ArrayList<>();
        for (MetricReporterFactory factory : ServiceLoader.load(MetricReporterFactory.class)) {
            factories.add(factory.getClass().getName());
        }

        assertThat(factories).containsExactlyInAnyOrder(
                PrometheusExporterFactory.class.getName(), PrometheusPushGatewayExporterFactory.class.getName());
    }

    @Test
    void createsAScheduledReporterFromFlinksMetricConfig() {
        MetricConfig config = new MetricConfig();
        config.setProperty("hostUrl", "http://127.0.0.1:1");
        config.setProperty("jobName", "flink");
        config.setProperty("randomJobNameSuffix", "false");
        config.put("deleteOnShutdown", false);

        MetricReporter reporter = new PrometheusPushGatewayExporterFactory().createMetricReporter(config);
        try {
            assertThat(reporter).isInstanceOf(PushGatewayExporter.class).isInstanceOf(Scheduled.class);
            assertThat(((PushGatewayExporter) reporter).jobName()).isEqualTo("flink");
        } finally {
            reporter.close();
        }
    }

    @Test
    void thePullFactoryRejectsPushKeysWithTheFix() {
        Properties p = new Properties();
        p.setProperty("port", "0");
        p.setProperty("hostUrl", "http://gw:9091");

        assertThatThrownBy(() -> new PrometheusExporterFactory().createMetricReporter(p))
                .isInstanceOf(ConfigException.class)
                .hasMessage("metrics.reporter.<name>.hostUrl: a setting of the Pushgateway reporter, not of the pull"
                        + " exporter; to push, set factory.class to"
                        + " io.github.flinko11y.exporter.push.PrometheusPushGatewayExporterFactory, else remove it");
    }
}
