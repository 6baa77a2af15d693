package io.github.flinko11y.flinktests.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.runtime.metrics.ReporterSetup;

/**
 * Flink's own "reporters from configuration" step, the one its JobManager, TaskManager and
 * MiniCluster run: factories from the classpath and from plugins, per-reporter settings, filters.
 *
 * <p>Its entry point moved in Flink 2.1 ({@code ReporterSetup.fromConfiguration} became {@code
 * ReporterSetupBuilder.METRIC_SETUP_BUILDER.fromConfiguration} with a filter function), and these
 * sources compile against both versions, so the call is made reflectively here and nowhere else.
 */
public final class ReporterSetups {

    private ReporterSetups() {}

    @SuppressWarnings("unchecked")
    public static List<ReporterSetup> fromConfiguration(Configuration config, PluginManager plugins) {
        try {
            Class<?> builder = classOrNull("org.apache.flink.runtime.metrics.ReporterSetupBuilder");
            if (builder == null) { // Flink 1.x
                Method from = ReporterSetup.class.getMethod(
                        "fromConfiguration", Configuration.class, PluginManager.class);
                return (List<ReporterSetup>) from.invoke(null, config, plugins);
            }
            Object metricSetups = builder.getField("METRIC_SETUP_BUILDER").get(null);
            Method filters = Class.forName("org.apache.flink.runtime.metrics.filter.DefaultReporterFilters")
                    .getMethod("metricsFromConfiguration", Configuration.class);
            Function<Configuration, Object> filterFromConfig = c -> invokeStatic(filters, c);
            Method from = builder.getMethod(
                    "fromConfiguration", Configuration.class, Function.class, PluginManager.class);
            return (List<ReporterSetup>) from.invoke(metricSetups, config, filterFromConfig, plugins);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Flink could not set up the reporters", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Flink version has neither reporter setup entry point", e);
        }
    }

    private static Object invokeStatic(Method method, Object argument) {
        try {
            return method.invoke(null, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> classOrNull(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
