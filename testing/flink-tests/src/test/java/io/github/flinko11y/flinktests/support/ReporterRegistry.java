package io.github.flinko11y.flinktests.support;

import io.github.flinko11y.testsupport.FreePorts;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.metrics.MetricRegistryConfiguration;
import org.apache.flink.runtime.metrics.MetricRegistryImpl;
import org.apache.flink.runtime.metrics.ReporterSetup;
import org.apache.flink.runtime.metrics.groups.JobManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;

/**
 * A real {@link MetricRegistryImpl} whose reporters Flink itself sets up from configuration: ours
 * from the plugins dir and, optionally, Flink's {@code PrometheusReporter} from the classpath, each
 * serving on its own free port. Metric groups created on {@link #registry()} are flink-runtime's.
 */
public final class ReporterRegistry implements AutoCloseable {

    /** Reporter names, i.e. the {@code <name>} in {@code metrics.reporter.<name>.*}. */
    public static final String OURS = "o11y";
    public static final String FLINKS = "flink";

    private final MetricRegistryImpl registry;
    private final Map<String, Integer> ports;
    private final Map<String, MetricReporter> reporters;

    private ReporterRegistry(
            MetricRegistryImpl registry, Map<String, Integer> ports, Map<String, MetricReporter> reporters) {
        this.registry = registry;
        this.ports = ports;
        this.reporters = reporters;
    }

    /** Only our reporter. */
    public static ReporterRegistry ours() {
        return start(false, Map.of());
    }

    /** Ours and Flink's, both with the same reporter options. */
    public static ReporterRegistry oursAndFlinks() {
        return start(true, Map.of());
    }

    /**
     * Starts the registry; {@code options} (e.g. {@code filterLabelValueCharacters}) are given to
     * every reporter.
     */
    public static ReporterRegistry start(boolean withFlinks, Map<String, String> options) {
        Map<String, String> config = new HashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(OURS, FreePorts.one());
        configure(config, OURS, ExporterPlugin.FACTORY_CLASS, ports.get(OURS), options);
        if (withFlinks) {
            ports.put(FLINKS, FreePorts.one());
            configure(config, FLINKS, PrometheusReporterFactory.class.getName(), ports.get(FLINKS), options);
        }
        Configuration configuration = Configuration.fromMap(config);
        List<ReporterSetup> setups =
                ReporterSetups.fromConfiguration(configuration, ExporterPlugin.pluginManager());
        Map<String, MetricReporter> reporters = new HashMap<>();
        for (ReporterSetup setup : setups) {
            reporters.put(setup.getName(), setup.getReporter());
        }
        MetricRegistryImpl registry = new MetricRegistryImpl(
                MetricRegistryConfiguration.fromConfiguration(configuration, 10L * 1024 * 1024), setups);
        if (!reporters.keySet().equals(ports.keySet())) {
            registry.closeAsync();
            // Flink logs and skips a reporter it cannot create; a test must not carry on without it.
            throw new AssertionError("Flink set up the reporters " + reporters.keySet() + ", expected "
                    + ports.keySet() + " (see the log for why one could not be created)");
        }
        return new ReporterRegistry(registry, ports, reporters);
    }

    private static void configure(
            Map<String, String> config, String name, String factory, int port, Map<String, String> options) {
        String prefix = "metrics.reporter." + name + ".";
        config.put(prefix + "factory.class", factory);
        config.put(prefix + "port", String.valueOf(port));
        options.forEach((key, value) -> config.put(prefix + key, value));
    }

    public MetricRegistryImpl registry() {
        return registry;
    }

    /** The port the named reporter serves on. */
    public int port(String reporterName) {
        return ports.get(reporterName);
    }

    /** The reporter instance Flink created under that name. */
    public MetricReporter reporter(String reporterName) {
        return reporters.get(reporterName);
    }

    /** A JobManager metric group as the JobManager creates it. */
    public JobManagerMetricGroup jobManagerGroup(String host) {
        return JobManagerMetricGroup.createJobManagerMetricGroup(registry, host);
    }

    /** A TaskManager metric group as the TaskManager creates it. */
    public TaskManagerMetricGroup taskManagerGroup(String host, String taskManagerId) {
        return TaskManagerMetricGroup.createTaskManagerMetricGroup(
                registry, host, new ResourceID(taskManagerId));
    }

    /** Closes the registry and with it every reporter and its HTTP server. */
    @Override
    public void close() {
        try {
            registry.closeAsync().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the metric registry", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the metric registry did not close cleanly", e);
        }
    }
}
