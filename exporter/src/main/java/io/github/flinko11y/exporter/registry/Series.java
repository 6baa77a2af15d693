package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.naming.LabelSet;
import org.apache.flink.metrics.Metric;

/** One registered Flink metric: what to read and the labels to write it with. */
public final class Series {

    private final Metric metric;
    private final MetricKind kind;
    private final LabelSet labels;

    /**
     * Another metric registered under the same family and labels; exported only once this one is
     * removed, so the exposition never holds two samples with one identity.
     */
    Series shadowed;

    Series(Metric metric, MetricKind kind, LabelSet labels) {
        this.metric = metric;
        this.kind = kind;
        this.labels = labels;
    }

    public Metric metric() {
        return metric;
    }

    public MetricKind kind() {
        return kind;
    }

    public LabelSet labels() {
        return labels;
    }
}
