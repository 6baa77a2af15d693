package io.github.flinko11y.exporter.registry;

/**
 * The families and series to export in one scrape, copied under the registry lock so that writing
 * (the slow part, bounded by the client's speed) never holds up Flink threads registering metrics.
 * Values are not copied: they are read while writing.
 */
public final class Snapshot {

    private final MetricFamily[] families;
    private final int[] familyEnds;
    private final Series[] series;

    Snapshot(MetricFamily[] families, int[] familyEnds, Series[] series) {
        this.families = families;
        this.familyEnds = familyEnds;
        this.series = series;
    }

    public int familyCount() {
        return families.length;
    }

    public MetricFamily family(int i) {
        return families[i];
    }

    /** Index of the first series of family {@code i} in {@link #series(int)}. */
    public int familyStart(int i) {
        return i == 0 ? 0 : familyEnds[i - 1];
    }

    /** Index one past the last series of family {@code i}. */
    public int familyEnd(int i) {
        return familyEnds[i];
    }

    public Series series(int i) {
        return series[i];
    }

    public int seriesCount() {
        return series.length;
    }
}
