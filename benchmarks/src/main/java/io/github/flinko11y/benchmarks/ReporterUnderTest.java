package io.github.flinko11y.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Iterator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/** A reporter the benchmark can start afresh, serving {@code /metrics} on a loopback port. */
abstract class ReporterUnderTest {

    /** A started reporter and the port its endpoint listens on. */
    record Running(MetricReporter reporter, int port) implements AutoCloseable {
        @Override
        public void close() {
            reporter.close();
        }
    }

    abstract String label();

    abstract boolean isFlinkReporter();

    /** Whether a thread of that name is one of the reporter's HTTP handler threads. */
    abstract boolean isHandlerThread(String threadName);

    /**
     * Whether a thread, by its kernel name ({@code /proc/.../comm}: the first 15 characters), is the
     * reporter's. Their CPU between spaced scrapes counts towards the scrapes.
     */
    abstract boolean isReporterThread(String comm);

    /** Creates and opens a reporter the way Flink's {@code ReporterSetup} does. */
    abstract Running start() throws Exception;

    static ReporterUnderTest flinkPrometheusReporter() {
        return new FlinkReporter();
    }

    /** Our exporter, loaded from {@code $FLINK_PLUGINS_DIR} by Flink's plugin manager. */
    static ReporterUnderTest exporterPlugin() {
        return new ExporterPlugin();
    }

    /** Flink 2.3.0's PrometheusReporter from the benchmark's class path (as from Flink's lib/). */
    private static final class FlinkReporter extends ReporterUnderTest {
        @Override
        String label() {
            return "Flink 2.3.0";
        }

        @Override
        boolean isFlinkReporter() {
            return true;
        }

        @Override
        boolean isHandlerThread(String threadName) {
            return threadName.startsWith("prometheus-http-"); // simpleclient's HTTPServer pool
        }

        /** simpleclient's pool, and the JDK HttpServer's dispatcher and timer it runs on. */
        @Override
        boolean isReporterThread(String comm) {
            return comm.startsWith("prometheus-http") || comm.startsWith("HTTP-Dispatcher")
                    || comm.startsWith("idle-timeout-ta");
        }

        @Override
        Running start() throws IOException {
            // Flink's reporter can bind port 0 but does not say which port it got.
            int port = freeLoopbackPort();
            MetricConfig config = new MetricConfig();
            config.setProperty("port", Integer.toString(port));
            MetricReporter reporter = new PrometheusReporterFactory().createMetricReporter(config);
            reporter.open(config);
            return new Running(reporter, port);
        }

        private static int freeLoopbackPort() throws IOException {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                return socket.getLocalPort();
            }
        }
    }

    private static final class ExporterPlugin extends ReporterUnderTest {
        static final String FACTORY = "io.github.flinko11y.exporter.PrometheusExporterFactory";

        private MetricReporterFactory factory;

        @Override
        String label() {
            return "flink-o11y exporter";
        }

        @Override
        boolean isFlinkReporter() {
            return false;
        }

        @Override
        boolean isHandlerThread(String threadName) {
            return threadName.startsWith("flink-o11y-metrics-http-") && !threadName.endsWith("-acceptor");
        }

        /** The server's acceptor and its connection workers. */
        @Override
        boolean isReporterThread(String comm) {
            return comm.startsWith("flink-o11y");
        }

        @Override
        Running start() throws Exception {
            MetricConfig config = new MetricConfig();
            config.setProperty("port", "0");
            MetricReporter reporter = factory().createMetricReporter(config);
            reporter.open(config);
            // The class lives in the plugin's class loader: only the MetricReporter interface is shared.
            int port = (Integer) reporter.getClass().getMethod("port").invoke(reporter);
            return new Running(reporter, port);
        }

        private MetricReporterFactory factory() {
            if (factory == null) {
                // What TaskManagerRunner does: plugins/<dir>/*.jar, each in its own class loader.
                PluginManager plugins = PluginUtils.createPluginManagerFromRootFolder(new Configuration());
                Iterator<MetricReporterFactory> factories = plugins.load(MetricReporterFactory.class);
                while (factories.hasNext()) {
                    MetricReporterFactory candidate = factories.next();
                    if (candidate.getClass().getName().equals(FACTORY)) {
                        factory = candidate;
                    }
                }
                if (factory == null) {
                    throw new IllegalStateException(
                            FACTORY + " was not found in the Flink plugins directory \""
                                    + System.getenv("FLINK_PLUGINS_DIR") + "\"; run the benchmark"
                                    + " through Maven (mvn -f benchmarks/pom.xml package exec:exec),"
                                    + " which copies the shaded exporter jar to"
                                    + " target/plugins/flink-o11y-exporter/");
                }
                if (factory.getClass().getClassLoader() == ReporterUnderTest.class.getClassLoader()) {
                    throw new IllegalStateException(
                            FACTORY + " was loaded from the benchmark's class path, not from the"
                                    + " plugin jar; remove the exporter from the class path");
                }
            }
            return factory;
        }
    }
}
