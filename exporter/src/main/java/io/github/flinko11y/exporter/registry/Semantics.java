package io.github.flinko11y.exporter.registry;

/** How Flink's metric types map to Prometheus types: Flink's reporter's way, or the modern one. */
public enum Semantics {
    /** Drop-in: counters and meters are gauges, histograms summaries of count and quantiles. */
    FLINK,
    /** Counters are counters ({@code _total}); summaries add {@code _sum}, with min/max gauges. */
    MODERN;

    /** The quantiles of Flink's reporter's summaries, in the order they are exported. */
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    /** A copy of the quantiles every summary exports. */
    public static double[] quantiles() {
        return QUANTILES.clone();
    }

    /** Lines a Flink summary has: {@code _count} and the quantiles; modern adds sum, min and max. */
    public int summaryLines() {
        return QUANTILES.length + (this == MODERN ? 4 : 1);
    }

    public MetricKind.FamilyType familyType(MetricKind kind) {
        if (kind == MetricKind.HISTOGRAM) {
            return MetricKind.FamilyType.SUMMARY;
        }
        return this == MODERN && kind == MetricKind.COUNTER
                ? MetricKind.FamilyType.COUNTER
                : MetricKind.FamilyType.GAUGE;
    }

    /** Sample lines one series of {@code kind} exports. */
    public int lines(MetricKind kind) {
        return kind == MetricKind.HISTOGRAM ? summaryLines() : 1;
    }
}
