package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.naming.LabelSet;
import org.apache.flink.metrics.Metric;

/**
 * The families and series to export, copied under the registry lock so that writing (the slow
 * part, bounded by the client's speed) never holds up Flink threads registering metrics. Values
 * are not copied: they are read while writing.
 *
 * <p>Series are kept as parallel arrays (metric, kind, labels) rather than {@link Series}
 * objects: a scrape walks them in order, and at 100k series one pointer hop less per series is a
 * cache miss less per series. Immutable, so the registry hands the same snapshot to every scrape
 * until a metric is added or removed.
 */
public final class Snapshot {

    private final MetricFamily[] families;
    private final int[] familyEnds;
    private final Metric[] metrics;
    private final MetricKind[] kinds;
    private final LabelSet[] labels;
    /** Each series' rendered label block, so writing reads one array instead of two objects. */
    private final byte[][] renderedLabels;
    private final int droppedSeries;

    Snapshot(
            MetricFamily[] families,
            int[] familyEnds,
            Metric[] metrics,
            MetricKind[] kinds,
            LabelSet[] labels,
            int droppedSeries) {
        this.families = families;
        this.familyEnds = familyEnds;
        this.metrics = metrics;
        this.kinds = kinds;
        this.labels = labels;
        this.renderedLabels = new byte[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            renderedLabels[i] = labels[i].rendered();
        }
        this.droppedSeries = droppedSeries;
    }

    /** Series registered but not in this snapshot because of the series cap. */
    public int droppedSeries() {
        return droppedSeries;
    }

    public int familyCount() {
        return families.length;
    }

    public MetricFamily family(int i) {
        return families[i];
    }

    /** Index of the first series of family {@code i}. */
    public int familyStart(int i) {
        return i == 0 ? 0 : familyEnds[i - 1];
    }

    /** Index one past the last series of family {@code i}. */
    public int familyEnd(int i) {
        return familyEnds[i];
    }

    public int seriesCount() {
        return metrics.length;
    }

    public Metric metric(int series) {
        return metrics[series];
    }

    public MetricKind kind(int series) {
        return kinds[series];
    }

    public LabelSet labels(int series) {
        return labels[series];
    }

    /** {@code labels(series).rendered()}; callers must not modify the array. */
    public byte[] renderedLabels(int series) {
        return renderedLabels[series];
    }
}
