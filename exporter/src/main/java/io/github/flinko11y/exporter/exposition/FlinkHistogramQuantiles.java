package io.github.flinko11y.exporter.exposition;

import java.util.Arrays;
import org.apache.flink.metrics.HistogramStatistics;

/**
 * Quantiles of Flink's {@code DescriptiveStatisticsHistogramStatistics} (the statistics of every
 * histogram Flink's runtime registers) from one selection instead of six sorts.
 *
 * <p>That class re-copies and re-sorts its window on every {@code getQuantile} call (~4.5 KB and
 * a sort each), which made histograms the largest cost of a scrape for any reporter. Here the
 * window is taken once through {@code getValues()}, only the positions the quantiles read are put
 * in place (a multi-way quickselect, not a sort), and each quantile is computed
 * with the same arithmetic as Apache Commons Math's {@code Percentile} (estimation type LEGACY,
 * the one Flink uses), so values are identical to {@code getQuantile}'s, bit for bit; a test on
 * both Flink versions holds it to that. Other statistics classes are asked directly.
 */
final class FlinkHistogramQuantiles {

    private static final String FLINK_STATISTICS =
            "org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogramStatistics";

    private FlinkHistogramQuantiles() {}

    /** Fills {@code out[i]} with the {@code quantiles[i]} of {@code statistics}. */
    static void read(HistogramStatistics statistics, double[] quantiles, double[] out) {
        if (!statistics.getClass().getName().equals(FLINK_STATISTICS)) {
            for (int i = 0; i < quantiles.length; i++) {
                out[i] = statistics.getQuantile(quantiles[i]);
            }
            return;
        }
        long[] window = statistics.getValues(); // a fresh copy, ours to sort
        select(window, positionsFor(window.length, quantiles));
        for (int i = 0; i < quantiles.length; i++) {
            out[i] = legacyPercentile(window, quantiles[i] * 100);
        }
    }

    /** Windows almost always have Flink's configured size, so the positions are computed once. */
    private static volatile Positions lastPositions = new Positions(-1, null, new int[0]);

    private static final class Positions {
        final int length;
        final double[] quantiles;
        final int[] positions;

        Positions(int length, double[] quantiles, int[] positions) {
            this.length = length;
            this.quantiles = quantiles;
            this.positions = positions;
        }
    }

    private static int[] positionsFor(int length, double[] quantiles) {
        Positions last = lastPositions;
        if (last.length == length && last.quantiles == quantiles) {
            return last.positions;
        }
        int[] positions = positionsRead(length, quantiles);
        lastPositions = new Positions(length, quantiles, positions);
        return positions;
    }

    /** Positions of the sorted window that {@link #legacyPercentile} reads, ascending, distinct. */
    static int[] positionsRead(int length, double[] quantiles) {
        if (length == 0) {
            return new int[0];
        }
        int[] positions = new int[quantiles.length * 2];
        int n = 0;
        for (double quantile : quantiles) {
            double pos = quantile * (length + 1);
            if (pos < 1) {
                positions[n++] = 0;
            } else if (pos >= length) {
                positions[n++] = length - 1;
            } else {
                int upper = (int) Math.floor(pos);
                positions[n++] = upper - 1;
                positions[n++] = upper;
            }
        }
        return Arrays.stream(positions, 0, n).sorted().distinct().toArray();
    }

    /**
     * Puts at each of {@code positions} (ascending) the value a full sort would put there, by
     * partitioning only the ranges that contain a wanted position (a multi-way quickselect):
     * about twice the work of one pass over the window instead of a sort.
     */
    static void select(long[] values, int[] positions) {
        select(values, 0, values.length - 1, positions, 0, positions.length - 1, 0);
    }

    private static void select(long[] values, int left, int right, int[] positions, int first, int last, int depth) {
        while (first <= last && left < right) {
            if (right - left < 16 || depth > 64) {
                Arrays.sort(values, left, right + 1); // small, or degenerate: just sort the range
                return;
            }
            depth++;
            int middle = (left + right) >>> 1;
            long pivot = medianOfThree(values[left], values[middle], values[right]);
            int i = left;
            int j = right;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            // [left..j] <= pivot, (j..i) == pivot, [i..right] >= pivot
            int split = first;
            while (split <= last && positions[split] <= j) {
                split++;
            }
            int rightFirst = split;
            while (rightFirst <= last && positions[rightFirst] < i) {
                rightFirst++; // positions between j and i hold the pivot: already final
            }
            select(values, left, j, positions, first, split - 1, depth);
            left = i;
            first = rightFirst;
        }
    }

    private static long medianOfThree(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    /** Commons Math {@code Percentile.evaluate(p)} with LEGACY estimation on sorted values. */
    static double legacyPercentile(long[] sorted, double p) {
        int length = sorted.length;
        if (length == 0) {
            return Double.NaN;
        }
        if (length == 1) {
            return sorted[0];
        }
        double fraction = p / 100;
        double pos = Double.compare(fraction, 0d) == 0
                ? 0
                : Double.compare(fraction, 1d) == 0 ? length : fraction * (length + 1);
        double floor = Math.floor(pos);
        int intPos = (int) floor;
        double dif = pos - floor;
        if (pos < 1) {
            return sorted[0];
        }
        if (pos >= length) {
            return sorted[length - 1];
        }
        double lower = sorted[intPos - 1];
        double upper = sorted[intPos];
        return lower + dif * (upper - lower);
    }
}
