package io.github.flinko11y.exporter.registry;

import io.github.flinko11y.exporter.naming.LabelSet;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
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
 *
 * <p>The label blocks, which are most of the bytes a scrape writes, are copied into one array
 * (the label arena) in byte order, and every family lists its series in that same order. Each
 * family then reads the arena front to back, a stream the CPU prefetches, instead of jumping
 * between thousands of small arrays spread over the heap; and the body's order depends only on
 * what is registered, never on the order of registration.
 */
public final class Snapshot {

    private final MetricFamily[] families;
    private final int[] familyEnds;
    private final Metric[] metrics;
    private final MetricKind[] kinds;
    private final LabelSet[] labels;
    /** Every distinct rendered label block once, back to back. */
    private final byte[] labelArena;
    /** Where each series' label block starts in the arena, and its length. */
    private final int[] labelStarts;
    private final int[] labelLengths;
    private final long droppedLines;
    /** Series in the largest family. */
    private final int largestFamily;

    /** {@code series}: family by family, as {@code familyEnds} divides them, in any order. */
    Snapshot(MetricFamily[] families, int[] familyEnds, Series[] series, long droppedLines) {
        this.families = families;
        this.familyEnds = familyEnds;
        this.droppedLines = droppedLines;
        // Label sets are interned by the registry, so identity finds the shared ones; a few
        // thousand distinct sets are sorted, not the 100k series.
        Map<LabelSet, Integer> ranks = new IdentityHashMap<>();
        for (Series one : series) {
            ranks.put(one.labels(), 0);
        }
        LabelSet[] distinct = ranks.keySet().toArray(new LabelSet[0]);
        Arrays.sort(distinct, (a, b) -> Arrays.compareUnsigned(a.rendered(), b.rendered()));
        int[] arenaStarts = new int[distinct.length];
        int arenaLength = 0;
        for (int rank = 0; rank < distinct.length; rank++) {
            ranks.put(distinct[rank], rank);
            arenaStarts[rank] = arenaLength;
            arenaLength += distinct[rank].rendered().length;
        }
        this.labelArena = new byte[arenaLength];
        for (int rank = 0; rank < distinct.length; rank++) {
            byte[] rendered = distinct[rank].rendered();
            System.arraycopy(rendered, 0, labelArena, arenaStarts[rank], rendered.length);
        }

        int n = series.length;
        this.metrics = new Metric[n];
        this.kinds = new MetricKind[n];
        this.labels = new LabelSet[n];
        this.labelStarts = new int[n];
        this.labelLengths = new int[n];
        int largest = 0;
        for (int f = 0; f < families.length; f++) {
            int start = familyStart(f);
            int count = familyEnds[f] - start;
            largest = Math.max(largest, count);
            // (rank, index) pairs: a family holds each label set once, so ranks never tie
            long[] byRank = new long[count];
            for (int i = 0; i < count; i++) {
                byRank[i] = ((long) ranks.get(series[start + i].labels()) << 32) | i;
            }
            Arrays.sort(byRank);
            for (int i = 0; i < count; i++) {
                Series one = series[start + (int) byRank[i]];
                int rank = (int) (byRank[i] >>> 32);
                int at = start + i;
                metrics[at] = one.metric();
                kinds[at] = one.kind();
                labels[at] = one.labels();
                labelStarts[at] = arenaStarts[rank];
                labelLengths[at] = distinct[rank].rendered().length;
            }
        }
        this.largestFamily = largest;
    }

    /** Sample lines of the series left out of this snapshot by the sample line cap. */
    public long droppedLines() {
        return droppedLines;
    }

    /** Series in the largest family: what a per-family scratch array must hold. */
    public int largestFamily() {
        return largestFamily;
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

    /**
     * The array holding every series' rendered label block ({@link LabelSet#rendered()}), at
     * {@link #labelStart} for {@link #labelLength} bytes; callers must not modify it.
     */
    public byte[] labelArena() {
        return labelArena;
    }

    public int labelStart(int series) {
        return labelStarts[series];
    }

    public int labelLength(int series) {
        return labelLengths[series];
    }
}
