package io.github.flinko11y.catalog;

import java.util.List;

/**
 * An aggregation level of {@code labels.json}: the labels a recording rule or an alert keeps (the
 * cluster key first, then the level's own), and the level's name in record names
 * ({@code level:metric:operation}).
 */
public final class Aggregation {

    private final String name;
    private final String level;
    private final List<String> labels;

    Aggregation(String name, String level, List<String> labels) {
        this.name = name;
        this.level = level;
        this.labels = List.copyOf(labels);
    }

    /** The key in {@code aggregations} ({@code job}, {@code task}). */
    public String name() {
        return name;
    }

    /** The first part of a record name ({@code job_name}). */
    public String level() {
        return level;
    }

    /** Every label kept, cluster key included ({@code namespace, cluster, job_id, job_name}). */
    public List<String> labels() {
        return labels;
    }

    /** The labels as PromQL's {@code by (...)} writes them: {@code namespace, cluster, job_id, job_name}. */
    public String by() {
        return String.join(", ", labels);
    }
}
