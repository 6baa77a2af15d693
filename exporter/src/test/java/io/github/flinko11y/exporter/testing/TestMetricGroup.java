package io.github.flinko11y.exporter.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/** A metric group with a fixed logical scope and variables, as Flink hands reporters. */
public final class TestMetricGroup extends UnregisteredMetricsGroup implements LogicalScopeProvider {

    private final String[] scope;
    private final Map<String, String> variables;

    /** {@code scope} like "taskmanager.job.task"; variables as key, value pairs ("<host>", "h1"). */
    public TestMetricGroup(String scope, String... variables) {
        this.scope = scope.split("\\.");
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            vars.put(variables[i], variables[i + 1]);
        }
        this.variables = Collections.unmodifiableMap(vars);
    }

    @Override
    public Map<String, String> getAllVariables() {
        return variables;
    }

    @Override
    public String getLogicalScope(CharacterFilter filter) {
        return getLogicalScope(filter, '.');
    }

    @Override
    public String getLogicalScope(CharacterFilter filter, char delimiter) {
        StringBuilder out = new StringBuilder();
        for (String part : scope) {
            if (out.length() > 0) {
                out.append(delimiter);
            }
            out.append(filter.filterCharacters(part));
        }
        return out.toString();
    }

    @Override
    public MetricGroup getWrappedMetricGroup() {
        return this;
    }
}
