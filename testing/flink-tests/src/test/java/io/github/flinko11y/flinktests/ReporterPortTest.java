package io.github.flinko11y.flinktests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinko11y.flinktests.support.ExporterPlugin;
import io.github.flinko11y.testsupport.FreePorts;
import io.github.flinko11y.flinktests.support.Scrape;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port settings as they matter on a host (or in a JVM) with several Flink processes: a range lets
 * each take the next free port, and a port that cannot be bound stops the reporter at creation with
 * a message naming the setting. Reporters are created by the factory Flink loads from the plugin jar.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReporterPortTest {

    private final MetricReporterFactory factory = ExporterPlugin.factory(ExporterPlugin.pluginManager());

    @Test
    void reportersGivenTheSameRangeTakeTheFirstFreePortEach() throws Exception {
        int first = FreePorts.consecutive(3);
        String range = first + "-" + (first + 2);

        MetricReporter one = factory.createMetricReporter(portProperties(range));
        MetricReporter two = null;
        try {
            two = factory.createMetricReporter(portProperties(range));
            assertThat(Scrape.get(first, "/metrics", false).status).isEqualTo(200);
            assertThat(Scrape.get(first + 1, "/metrics", false).status).isEqualTo(200);
            assertThat(FreePorts.isFree(first + 2)).as("the third port of the range is left free").isTrue();

            one.close();
            one = null;
            assertThatThrownBy(() -> Scrape.get(first, "/metrics", false))
                    .as("the first reporter had the first port")
                    .isInstanceOf(ConnectException.class);
            assertThat(Scrape.get(first + 1, "/-/healthy", false).status)
                    .as("the second reporter had the second port")
                    .isEqualTo(200);
        } finally {
            close(one);
            close(two);
        }
        assertThat(FreePorts.isFree(first)).isTrue();
        assertThat(FreePorts.isFree(first + 1)).isTrue();
    }

    @Test
    void aPortThatIsTakenFailsReporterCreationNamingTheSetting() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> close(factory.createMetricReporter(portProperties(String.valueOf(port)))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metrics.reporter.<name>.port")
                    .hasMessageContaining(String.valueOf(port));
        }
    }

    private static Properties portProperties(String port) {
        Properties properties = new Properties();
        properties.setProperty("port", port);
        return properties;
    }

    private static void close(MetricReporter reporter) {
        if (reporter != null) {
            reporter.close();
        }
    }
}
