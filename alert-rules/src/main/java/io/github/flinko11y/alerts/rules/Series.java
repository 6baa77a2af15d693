package io.github.flinko11y.alerts.rules;

import io.github.flinko11y.catalog.Catalog;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every series selector of the alert expressions, through the catalog and narrowed to a {@link Scope}:
 * {@code flink_jobmanager_job_numRestarts{job_name="billing"}}. A selector whose series do not carry
 * a label the scope matches on is still written, and remembered in {@link #unscopable}, so the
 * generator can refuse to scope an alert that reads it (its copies would not be disjoint).
 */
public final class Series {

    /** The label set of Prometheus', Alertmanager's and Loki's own metrics in labels.json. */
    static final String STACK_SCOPE = "stack";

    private final Catalog catalog;
    private final Scope scope;
    private final Set<String> unscopable = new LinkedHashSet<>();

    public Series(Catalog catalog, Scope scope) {
        this.catalog = catalog;
        this.scope = scope;
    }

    /** The catalog metric {@code id} ({@code job.numRestarts}), with {@code matchers} of its own ({@code area="heap"}). */
    public String metric(String id, String... matchers) {
        // The monitoring stack's own series are not scraped as Flink targets: none of the target labels.
        List<String> carried = catalog.metric(id).scope().equals(STACK_SCOPE) ? List.of() : catalog.labelsOf(id);
        return select(catalog.metricName(id), carried, matchers);
    }

    /**
     * A shared recording rule's series: it keeps the labels of its aggregation level, and
     * {@code matchers} narrow it ({@code reason="OOMKilled"} on a join rule that keeps the reason).
     */
    public String recorded(String level, String metricId, String operation, String... matchers) {
        return select(catalog.recorded(level, metricId, operation),
                catalog.recordingRules().find(metricId, operation, level).keptLabels(), matchers);
    }

    /** A series not in the catalog ({@code up}), carrying {@code labels}: none when an alert must never be scoped. */
    public String other(String name, Collection<String> labels, String... matchers) {
        return select(name, labels, matchers);
    }

    private String select(String name, Collection<String> carried, String... matchers) {
        String selector = scope.select(name, matchers);
        if (!carried.containsAll(scope.labels())) {
            unscopable.add(selector);
        }
        return selector;
    }

    /** The selectors written so far whose series lack a label of the scope. */
    public Set<String> unscopable() {
        return Set.copyOf(unscopable);
    }

    public Catalog catalog() {
        return catalog;
    }

    public Scope scope() {
        return scope;
    }
}
